UPDATE outbox SET rabbit_published_at = now()
WHERE id IN (:#ids) AND rabbit_published_at IS NULL
