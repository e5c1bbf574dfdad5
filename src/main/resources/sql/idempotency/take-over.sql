UPDATE idempotency_keys
SET state = 'IN_PROGRESS', locked_until = now() + make_interval(secs => :#leaseSeconds)
WHERE principal = :#principal AND idem_key = :#idemKey
