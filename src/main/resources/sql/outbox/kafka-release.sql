-- Rows are locked in id order, as in every statement that writes several outbox rows: the relays to Kafka and to
-- RabbitMQ write the same rows at once (each its own columns, but a row lock is the whole row), and two statements
-- taking the same rows in different orders deadlock (PostgreSQL breaks that after a second, failing one of them).
UPDATE outbox SET kafka_claimed_until = NULL
WHERE id IN (SELECT id FROM outbox
             WHERE id IN (:#ids) AND kafka_published_at IS NULL AND kafka_claimed_until = :#claimedUntil
             ORDER BY id
             FOR UPDATE)
