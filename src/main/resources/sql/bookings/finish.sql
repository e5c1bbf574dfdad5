UPDATE booking_events
SET status = 'DONE', outcome = :#outcome, payment_id = CAST(:#paymentId AS uuid), claimed_until = NULL, processed_at = now()
WHERE event_id = :#eventId AND status = 'PROCESSING'
