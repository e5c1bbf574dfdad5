SELECT id AS payment_id, order_id, status AS payment_status, operation, escrow_decision, operation_attempts AS attempts,
       operation_error AS last_error, operation_until AS next_attempt_at, correlation_id, updated_at,
       count(*) OVER () AS total_count
FROM payments
WHERE operation IN ('AUTHORIZE', 'RELEASE', 'REVERT') AND (operation_error IS NOT NULL OR operation_until < now())
ORDER BY operation_until
LIMIT :#limit OFFSET :#offset
