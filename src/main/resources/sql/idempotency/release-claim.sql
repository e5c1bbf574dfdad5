DELETE FROM idempotency_keys
WHERE principal = :#principal AND idem_key = :#idemKey AND operation_id = :#operationId AND state = 'IN_PROGRESS'
