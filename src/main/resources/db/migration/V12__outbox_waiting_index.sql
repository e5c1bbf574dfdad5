-- The relay's choice of what to publish next (sql/outbox/<destination>-lock.sql) reads the oldest waiting
-- rows in outbox id order and stops after a fixed number. V4's indexes lead with aggregate_id, so that read
-- had to visit every waiting row and sort them: the cost of a run grew with the backlog, exactly when the
-- relay most needs to keep up. These indexes are in id order and carry what the read needs.
CREATE INDEX outbox_kafka_waiting_idx ON outbox (id) INCLUDE (aggregate_id, kafka_claimed_until)
    WHERE kafka_published_at IS NULL;
CREATE INDEX outbox_rabbit_waiting_idx ON outbox (id) INCLUDE (aggregate_id, rabbit_claimed_until)
    WHERE rabbit_published_at IS NULL;
