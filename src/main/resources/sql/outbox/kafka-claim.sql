-- Rows are locked in id order, as in every statement that writes several outbox rows: the relays to Kafka and to
-- RabbitMQ write the same rows at once (each its own columns, but a row lock is the whole row), and two statements
-- taking the same rows in different orders deadlock (PostgreSQL breaks that after a second, failing one of them).
WITH claimable AS (
    SELECT o.id
    FROM outbox AS o
    WHERE o.aggregate_id IN (:#aggregateIds)
      AND o.kafka_published_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM outbox AS live
                      WHERE live.aggregate_id = o.aggregate_id
                        AND live.kafka_published_at IS NULL
                        AND live.kafka_claimed_until >= now())
    ORDER BY o.id
    FOR UPDATE OF o
), claimed AS (
    UPDATE outbox AS o
    SET kafka_claimed_until = now() + make_interval(secs => :#leaseSeconds)
    FROM claimable
    WHERE o.id = claimable.id
    RETURNING o.id, o.event_id, o.event_type, o.aggregate_id, o.payload, o.kafka_claimed_until
)
SELECT id, CAST(event_id AS text) AS event_id, event_type, aggregate_id, CAST(payload AS text) AS payload,
       kafka_claimed_until AS claimed_until
FROM claimed
ORDER BY id
