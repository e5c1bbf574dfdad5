-- An event never to be applied (another mode's), stored closed at once: neither the queue nor the sweeper
-- ever hands it to a handler. A duplicate delivery changes nothing.
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until,
                            status, outcome, attempts, processed_at)
VALUES (:#stripeEventId, :#eventType, :#apiVersion, :#livemode, :#objectId, :#payloadSealed, now(),
        'IGNORED', :#outcome, 1, now())
ON CONFLICT (stripe_event_id) DO NOTHING
RETURNING id
