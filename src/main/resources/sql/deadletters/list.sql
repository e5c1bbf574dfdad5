SELECT id, source, reference, event_id, reason, created_at, replayed_at, replay_count, count(*) OVER () AS total_count
FROM dead_letters
WHERE (:#source = '' OR source = :#source)
ORDER BY id DESC
LIMIT :#limit OFFSET :#offset
