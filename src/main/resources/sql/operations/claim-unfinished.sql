UPDATE payments
SET operation_until = now() + make_interval(secs => CAST(:#leaseSeconds AS integer)),
    operation_attempts = operation_attempts + 1
WHERE id IN (SELECT id FROM payments
             WHERE operation IN ('AUTHORIZE', 'RELEASE', 'REVERT') AND operation_until < now()
             ORDER BY operation_until
             LIMIT CAST(:#batchSize AS integer)
             FOR UPDATE SKIP LOCKED)
RETURNING id, operation, operation_owner, correlation_id
