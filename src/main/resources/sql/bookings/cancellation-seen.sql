-- Whether a booking.cancelled of the booking has been claimed (being processed or done): a booking.created
-- checks it before it creates or confirms the booking's payment, and again after.
SELECT count(*) AS cancellations FROM booking_events
WHERE booking_id = :#bookingId AND event_type = 'booking.cancelled'
