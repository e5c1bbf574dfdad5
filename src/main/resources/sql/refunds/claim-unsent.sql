-- Refunds reserved but not yet at Stripe whose next attempt is due (a transient failure, or an instance
-- that died before its call); each is leased so that one instance sends it. Escrow reverts are resumed
-- by the escrow sweeper instead. Stripe keeps an idempotency key for 24 hours: a refund older than 23 hours
-- is not sent again blindly (its first call may have reached Stripe); it waits, PENDING, for an admin.
UPDATE refunds
SET next_attempt_at = now() + make_interval(secs => CAST(:#leaseSeconds AS integer))
WHERE id IN (SELECT id FROM refunds
             WHERE status = 'PENDING' AND stripe_refund_id IS NULL AND source <> 'escrow'
               AND next_attempt_at <= now()
               AND created_at > now() - interval '23 hours'
             ORDER BY next_attempt_at
             LIMIT CAST(:#batchSize AS integer)
             FOR UPDATE SKIP LOCKED)
RETURNING id
