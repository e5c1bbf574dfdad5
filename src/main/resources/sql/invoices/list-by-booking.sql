SELECT i.*, count(*) OVER () AS total_count
FROM invoices i
WHERE i.booking_id = :#key
ORDER BY i.created_at DESC, i.number DESC
LIMIT :#limit OFFSET :#offset
