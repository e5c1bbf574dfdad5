WITH claimed AS (
    UPDATE outbox AS o
    SET kafka_claimed_until = now() + make_interval(secs => :#leaseSeconds)
    WHERE o.aggregate_id IN (:#aggregateIds)
      AND o.kafka_published_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM outbox AS live
                      WHERE live.aggregate_id = o.aggregate_id
                        AND live.kafka_published_at IS NULL
                        AND live.kafka_claimed_until >= now())
    RETURNING o.id, o.event_id, o.event_type, o.aggregate_id, o.payload, o.kafka_claimed_until
)
SELECT id, CAST(event_id AS text) AS event_id, event_type, aggregate_id, CAST(payload AS text) AS payload,
       kafka_claimed_until AS claimed_until
FROM claimed
ORDER BY id
