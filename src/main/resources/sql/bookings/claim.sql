INSERT INTO booking_events (event_id, event_type, booking_id, guest_id, correlation_id, status, claimed_until)
VALUES (:#eventId, :#eventType, :#bookingId, :#guestId, :#correlationId, 'PROCESSING', now() + make_interval(secs => :#claimSeconds))
ON CONFLICT (event_id) DO UPDATE SET claimed_until = now() + make_interval(secs => :#claimSeconds)
    WHERE booking_events.status = 'PROCESSING'
      AND (booking_events.claimed_until IS NULL OR booking_events.claimed_until < now())
RETURNING event_id
