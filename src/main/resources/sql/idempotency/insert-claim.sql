INSERT INTO idempotency_keys (principal, idem_key, method, path, fingerprint, state, operation_id,
                              locked_until, expires_at)
VALUES (:#principal, :#idemKey, :#method, :#path, :#fingerprint, 'IN_PROGRESS', :#operationId,
        now() + make_interval(secs => :#leaseSeconds), now() + make_interval(hours => :#retentionHours))
ON CONFLICT (principal, idem_key) DO NOTHING
