INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until)
VALUES (:#stripeEventId, :#eventType, :#apiVersion, :#livemode, :#objectId, :#payloadSealed,
        now() + make_interval(secs => :#leaseSeconds))
ON CONFLICT (stripe_event_id) DO NOTHING
RETURNING id
