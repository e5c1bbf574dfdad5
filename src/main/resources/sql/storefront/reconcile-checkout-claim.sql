UPDATE checkout_sessions
SET reconcile_after = now() + make_interval(secs => CAST(:#recheckSeconds AS integer))
WHERE stripe_session_id IN (
    SELECT s.stripe_session_id
    FROM checkout_sessions s
    WHERE s.status = 'open'
      AND s.url IS NOT NULL
      AND s.payment_id IS NOT NULL
      AND s.created_at < now() - make_interval(secs => CAST(:#ageSeconds AS integer))
      AND (s.reconcile_after IS NULL OR s.reconcile_after < now())
    ORDER BY s.created_at
    LIMIT CAST(:#batchSize AS integer)
    FOR UPDATE SKIP LOCKED)
RETURNING stripe_session_id, payment_id
