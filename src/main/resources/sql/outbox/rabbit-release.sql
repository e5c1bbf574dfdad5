UPDATE outbox SET rabbit_claimed_until = NULL
WHERE id IN (:#ids) AND rabbit_published_at IS NULL AND rabbit_claimed_until = :#claimedUntil
