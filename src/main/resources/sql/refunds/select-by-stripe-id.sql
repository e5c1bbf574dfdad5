SELECT * FROM refunds WHERE stripe_refund_id = :#stripeRefundId
