INSERT INTO refunds (id, stripe_refund_id, payment_id, amount, currency, status, reason, failure_reason)
VALUES (:#id, :#stripeRefundId, CAST(:#paymentId AS uuid), :#amount, :#currency, :#status, :#reason, :#failureReason)
ON CONFLICT (stripe_refund_id) DO UPDATE
SET status = EXCLUDED.status, failure_reason = EXCLUDED.failure_reason, updated_at = now()
