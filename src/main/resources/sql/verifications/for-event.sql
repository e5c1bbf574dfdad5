SELECT * FROM verification_records
WHERE event_id = :#eventId AND organizer_id = :#organizerId
ORDER BY created_at DESC, id
