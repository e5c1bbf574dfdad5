UPDATE webhook_events
SET status = 'RECEIVED', last_error = NULL, claimed_until = now() + make_interval(secs => :#leaseSeconds)
WHERE stripe_event_id = :#stripeEventId AND status = 'DEAD'
