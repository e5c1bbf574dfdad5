UPDATE payments
SET operation_error = :#error,
    operation_until = now() + make_interval(secs => LEAST(3600, :#baseSeconds * power(2, LEAST(operation_attempts, 12))))
WHERE id = CAST(:#id AS uuid) AND operation = :#operation
