UPDATE outbox SET kafka_published_at = now()
WHERE id = :#id AND kafka_published_at IS NULL
