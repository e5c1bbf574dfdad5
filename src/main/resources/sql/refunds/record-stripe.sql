UPDATE refunds
SET stripe_refund_id = COALESCE(stripe_refund_id, :#stripeRefundId),
    status           = :#status,
    failure_reason   = COALESCE(:#failureReason, failure_reason),
    next_attempt_at  = NULL,
    last_error       = CASE WHEN :#status = 'FAILED' THEN COALESCE(:#lastError, last_error) ELSE last_error END,
    updated_at       = now()
WHERE id = CAST(:#id AS uuid)
