SELECT *, count(*) OVER () AS total_count
FROM refunds
WHERE payment_id = CAST(:#paymentId AS uuid)
ORDER BY created_at DESC, id
LIMIT CAST(:#limit AS integer) OFFSET CAST(:#offset AS integer)
