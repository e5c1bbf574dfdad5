INSERT INTO booking_refunds_due (payment_id, event_id, booking_id, amount, currency, correlation_id)
VALUES (CAST(:#paymentId AS uuid), :#eventId, :#bookingId, :#amount, :#currency, :#correlationId)
ON CONFLICT DO NOTHING
