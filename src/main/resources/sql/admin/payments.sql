SELECT p.id, p.reference, p.status, p.amount, p.amount_received, p.amount_refunded, p.currency, p.order_id,
       p.booking_id, p.user_id, p.capture_method, p.created_at, p.updated_at, count(*) OVER () AS total_count
FROM payments p
WHERE (CAST(:#status AS text) IS NULL OR p.status = CAST(:#status AS text))
  AND (CAST(:#orderId AS text) IS NULL OR p.order_id = CAST(:#orderId AS text))
  AND (CAST(:#bookingId AS text) IS NULL OR p.booking_id = CAST(:#bookingId AS text))
  AND (CAST(:#userId AS text) IS NULL OR p.user_id = CAST(:#userId AS text))
  AND (CAST(:#fromDate AS date) IS NULL OR p.created_at >= CAST(:#fromDate AS date)::timestamp AT TIME ZONE 'UTC')
  AND (CAST(:#toDate AS date) IS NULL OR p.created_at < (CAST(:#toDate AS date) + 1)::timestamp AT TIME ZONE 'UTC')
ORDER BY p.created_at DESC, p.id
LIMIT :#limit OFFSET :#offset
