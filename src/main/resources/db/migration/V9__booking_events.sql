-- Booking events consumed from RabbitMQ (exchange bookings): one row per event id, shared by every
-- instance. A delivery claims the event for a while (claimed_until) before it acts, so two deliveries of
-- one event never act at once; DONE means its effects are committed, and a later delivery is acked as a
-- duplicate.
CREATE TABLE booking_events (
    event_id      text        PRIMARY KEY,
    event_type    text        NOT NULL CHECK (event_type IN ('booking.created', 'booking.cancelled')),
    booking_id    text        NOT NULL,
    guest_id      text        NOT NULL,
    correlation_id text       NOT NULL,
    status        text        NOT NULL CHECK (status IN ('PROCESSING', 'DONE')),
    outcome       text,
    payment_id    uuid,
    claimed_until timestamptz,
    received_at   timestamptz NOT NULL DEFAULT now(),
    processed_at  timestamptz
);
CREATE INDEX booking_events_booking_idx ON booking_events (booking_id);

-- Dead letters of every source (stripe webhooks, rabbitmq booking events, kafka commands): the event id
-- and, for broker messages, what is needed to publish them again (the body sealed with the data key).
ALTER TABLE dead_letters
    ADD COLUMN event_id       text,
    ADD COLUMN routing_key    text,
    ADD COLUMN payload_sealed text;
CREATE INDEX dead_letters_source_idx ON dead_letters (source, id DESC);
-- Sources are named after where the message came from: stripe, rabbitmq, kafka.
UPDATE dead_letters SET source = 'stripe' WHERE source = 'webhook';
UPDATE dead_letters SET event_id = reference WHERE event_id IS NULL;

-- A booking cancellation holds the payment while it cancels the intent at Stripe (operation CANCEL).
ALTER TABLE payments DROP CONSTRAINT payments_operation_check;
ALTER TABLE payments ADD CONSTRAINT payments_operation_check
    CHECK (operation IN ('AUTHORIZE', 'CONFIRM', 'RELEASE', 'REVERT', 'CANCEL'));
