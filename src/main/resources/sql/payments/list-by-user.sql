SELECT p.*, count(*) OVER () AS total_count
FROM payments p
WHERE p.user_id = :#key
ORDER BY p.created_at DESC, p.id
LIMIT :#limit OFFSET :#offset
