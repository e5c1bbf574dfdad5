UPDATE booking_events SET claimed_until = NULL WHERE event_id = :#eventId AND status = 'PROCESSING'
