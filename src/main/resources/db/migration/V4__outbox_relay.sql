-- The outbox relay (routes/messaging/outbox-relay.camel.yaml) publishes every outbox row to Kafka and to
-- RabbitMQ, each destination on its own, so a broker that is down never holds the other one back:
--   <destination>_published_at   when that broker acknowledged the event; NULL while it waits for it.
--   <destination>_claimed_until  the lease of the relay run publishing it; no other run takes the
--                                payment's rows before it has passed (or the run released them).
ALTER TABLE outbox
    ADD COLUMN kafka_published_at   timestamptz,
    ADD COLUMN kafka_claimed_until  timestamptz,
    ADD COLUMN rabbit_published_at  timestamptz,
    ADD COLUMN rabbit_claimed_until timestamptz;

-- V1's single published_at cannot say which broker has an event; nothing set it yet, but a row it marked
-- counts as published to both before the column goes.
UPDATE outbox SET kafka_published_at = published_at, rabbit_published_at = published_at
WHERE published_at IS NOT NULL;
DROP INDEX outbox_unpublished_idx;
ALTER TABLE outbox DROP COLUMN published_at;

-- What each relay run reads: the rows still waiting for its broker, per payment, in outbox order.
CREATE INDEX outbox_kafka_pending_idx ON outbox (aggregate_id, id) INCLUDE (kafka_claimed_until)
    WHERE kafka_published_at IS NULL;
CREATE INDEX outbox_rabbit_pending_idx ON outbox (aggregate_id, id) INCLUDE (rabbit_claimed_until)
    WHERE rabbit_published_at IS NULL;
