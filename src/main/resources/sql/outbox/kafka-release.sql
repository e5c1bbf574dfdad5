UPDATE outbox SET kafka_claimed_until = NULL
WHERE id IN (:#ids) AND kafka_published_at IS NULL AND kafka_claimed_until = :#claimedUntil
