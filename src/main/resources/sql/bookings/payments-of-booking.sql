SELECT p.* FROM payments p WHERE p.booking_id = :#bookingId ORDER BY p.created_at, p.id
