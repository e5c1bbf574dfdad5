SELECT o.*, count(*) OVER () AS total_count
FROM orders o
WHERE o.user_id = :#key
ORDER BY o.created_at DESC, o.id
LIMIT :#limit OFFSET :#offset
