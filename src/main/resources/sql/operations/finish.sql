UPDATE payments
SET operation = NULL, operation_owner = NULL, operation_until = NULL, operation_attempts = 0, operation_error = NULL
WHERE id = CAST(:#id AS uuid) AND operation = :#operation
RETURNING *
