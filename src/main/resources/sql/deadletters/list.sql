SELECT id, source, reference, reason, created_at, replayed_at, replay_count, count(*) OVER () AS total_count
FROM dead_letters
ORDER BY id DESC
LIMIT :#limit OFFSET :#offset
