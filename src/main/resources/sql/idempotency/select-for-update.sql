SELECT fingerprint, state, operation_id, response_status, response_body, locked_until, now() AS db_now
FROM idempotency_keys
WHERE principal = :#principal AND idem_key = :#idemKey
FOR UPDATE
