UPDATE webhook_events
SET claimed_until = now() + make_interval(secs => :#leaseSeconds)
WHERE id IN (SELECT id FROM webhook_events
             WHERE status = 'RECEIVED' AND claimed_until < now()
             ORDER BY id
             LIMIT :#limit
             FOR UPDATE SKIP LOCKED)
RETURNING id
