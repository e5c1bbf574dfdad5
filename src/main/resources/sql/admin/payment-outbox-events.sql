SELECT event_id, event_type, correlation_id, created_at, kafka_published_at, rabbit_published_at
FROM outbox
WHERE aggregate_id = CAST(:#id AS text)
ORDER BY id
