INSERT INTO refunds (id, reference, stripe_refund_id, payment_id, amount, currency, status, reason, failure_reason,
                     metadata, requested_by, source)
VALUES (:#id, :#reference, :#stripeRefundId, CAST(:#paymentId AS uuid), :#amount, :#currency, :#status, :#reason,
        :#failureReason, CAST(:#metadata AS jsonb), 'stripe', 'stripe')
ON CONFLICT (stripe_refund_id) DO NOTHING
