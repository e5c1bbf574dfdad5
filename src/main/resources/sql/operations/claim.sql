UPDATE payments
SET operation       = :#operation,
    operation_owner = :#owner,
    operation_until = now() + make_interval(secs => :#leaseSeconds),
    correlation_id  = CASE WHEN operation IS NULL THEN COALESCE(:#correlationId, correlation_id) ELSE correlation_id END
WHERE id = CAST(:#id AS uuid)
