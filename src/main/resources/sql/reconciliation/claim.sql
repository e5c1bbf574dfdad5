UPDATE payments
SET reconcile_after = now() + make_interval(secs => CAST(:#recheckSeconds AS integer))
WHERE id IN (SELECT id FROM payments
             WHERE status IN ('PENDING', 'REQUIRES_ACTION', 'PROCESSING')
               AND payment_intent_id IS NOT NULL
               AND updated_at < now() - make_interval(secs => CAST(:#ageSeconds AS integer))
               AND (reconcile_after IS NULL OR reconcile_after < now())
             ORDER BY updated_at
             LIMIT CAST(:#batchSize AS integer)
             FOR UPDATE SKIP LOCKED)
RETURNING id, payment_intent_id
