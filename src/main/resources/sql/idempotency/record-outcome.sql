UPDATE idempotency_keys
SET state = :#state, response_status = :#responseStatus, response_body = :#responseBody, locked_until = now()
WHERE principal = :#principal AND idem_key = :#idemKey AND operation_id = :#operationId
