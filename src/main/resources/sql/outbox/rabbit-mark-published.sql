UPDATE outbox SET rabbit_published_at = now()
WHERE id = :#id AND rabbit_published_at IS NULL
