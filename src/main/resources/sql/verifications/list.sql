SELECT v.*, count(*) OVER () AS total_count
FROM verification_records v
WHERE (CAST(:#paymentId AS text) IS NULL OR v.payment_id::text = CAST(:#paymentId AS text))
  AND (CAST(:#eventId AS text) IS NULL OR v.event_id = CAST(:#eventId AS text))
  AND (CAST(:#userId AS text) IS NULL OR v.user_id = CAST(:#userId AS text))
  AND (CAST(:#organizerId AS text) IS NULL OR v.organizer_id = CAST(:#organizerId AS text))
ORDER BY v.created_at DESC, v.id
LIMIT :#limit OFFSET :#offset
