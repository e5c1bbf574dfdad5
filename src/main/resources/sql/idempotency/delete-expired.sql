DELETE FROM idempotency_keys WHERE expires_at < now() AND state <> 'IN_PROGRESS'
