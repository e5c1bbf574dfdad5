-- Refunds Stripe holds as pending for longer than the configured age: reconciliation reads them again.
UPDATE refunds
SET reconcile_after = now() + make_interval(secs => CAST(:#recheckSeconds AS integer))
WHERE id IN (SELECT id FROM refunds
             WHERE status = 'PENDING' AND stripe_refund_id IS NOT NULL
               AND updated_at < now() - make_interval(secs => CAST(:#ageSeconds AS integer))
               AND (reconcile_after IS NULL OR reconcile_after < now())
             ORDER BY updated_at
             LIMIT CAST(:#batchSize AS integer)
             FOR UPDATE SKIP LOCKED)
RETURNING id
