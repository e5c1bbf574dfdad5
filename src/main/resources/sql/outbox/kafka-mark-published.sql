UPDATE outbox SET kafka_published_at = now()
WHERE id IN (:#ids) AND kafka_published_at IS NULL
