UPDATE webhook_events
SET status = :#status, outcome = :#outcome, attempts = attempts + 1, last_error = NULL, processed_at = now()
WHERE id = :#id AND status = 'RECEIVED'
