UPDATE payments SET operation_until = now(), operation_error = :#error
WHERE id = CAST(:#id AS uuid) AND operation = :#operation
