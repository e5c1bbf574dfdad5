SELECT event_id, event_type, aggregate_id, created_at, kafka_published_at, rabbit_published_at,
       kafka_claimed_until, rabbit_claimed_until
FROM outbox
WHERE kafka_published_at IS NULL OR rabbit_published_at IS NULL
ORDER BY id
LIMIT :#limit
