UPDATE webhook_events
SET status = 'DEAD', attempts = attempts + 1, last_error = :#error
WHERE id = :#id
RETURNING stripe_event_id
