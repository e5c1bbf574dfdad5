-- Stores a verified event once (the unique stripe_event_id deduplicates deliveries, also across instances),
-- and answers whether to queue it: a new row (fresh), or a stored one whose processing never finished and
-- whose claim has lapsed (its instance died after the 200), claimed again for this instance. No row: a
-- duplicate of an event that is processed, dead, ignored or being processed right now.
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until)
VALUES (:#stripeEventId, :#eventType, :#apiVersion, :#livemode, :#objectId, :#payloadSealed,
        now() + make_interval(secs => :#leaseSeconds))
ON CONFLICT (stripe_event_id) DO UPDATE SET claimed_until = now() + make_interval(secs => :#leaseSeconds)
    WHERE webhook_events.status = 'RECEIVED' AND webhook_events.claimed_until < now()
RETURNING id, (xmax = 0) AS fresh
