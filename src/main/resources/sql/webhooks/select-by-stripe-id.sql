SELECT id, status FROM webhook_events WHERE stripe_event_id = :#stripeEventId
