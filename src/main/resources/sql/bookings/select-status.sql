SELECT status FROM booking_events WHERE event_id = :#eventId
