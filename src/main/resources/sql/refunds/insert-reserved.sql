INSERT INTO refunds (id, reference, payment_id, amount, currency, status, reason, metadata, correlation_id,
                     requested_by, source, next_attempt_at)
VALUES (:#id, :#reference, CAST(:#paymentId AS uuid), :#amount, :#currency, 'PENDING', :#reason, CAST(:#metadata AS jsonb),
        :#correlationId, :#requestedBy, :#source, now() + make_interval(secs => CAST(:#leaseSeconds AS integer)))
