-- Stripe events as received: the raw body sealed with the data key (AES-GCM), processed from the row.
CREATE TABLE webhook_events (
    id              bigserial   PRIMARY KEY,
    stripe_event_id text        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    api_version     text,
    livemode        boolean     NOT NULL DEFAULT false,
    object_id       text,
    payload_sealed  text        NOT NULL,
    status          text        NOT NULL DEFAULT 'RECEIVED'
                    CHECK (status IN ('RECEIVED', 'PROCESSED', 'IGNORED', 'DEAD')),
    outcome         text,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    -- A row still RECEIVED after this (its processor died or was lost) is taken up by the sweeper.
    claimed_until   timestamptz NOT NULL,
    processed_at    timestamptz
);
CREATE INDEX webhook_events_pending_idx ON webhook_events (claimed_until) WHERE status = 'RECEIVED';
CREATE INDEX webhook_events_object_idx ON webhook_events (object_id);

-- Camel's JDBC idempotent repository (JdbcMessageIdRepository), shared by all instances.
-- The unique key is what makes concurrent deliveries of one event safe.
CREATE TABLE camel_messageprocessed (
    processorname varchar(255) NOT NULL,
    messageid     varchar(100) NOT NULL,
    createdat     timestamp    NOT NULL,
    PRIMARY KEY (processorname, messageid)
);

-- Messages whose processing failed after every retry; an admin can list and replay them.
CREATE TABLE dead_letters (
    id           bigserial   PRIMARY KEY,
    source       text        NOT NULL,
    reference    text        NOT NULL,
    reason       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    replayed_at  timestamptz,
    replay_count integer     NOT NULL DEFAULT 0
);
CREATE INDEX dead_letters_open_idx ON dead_letters (created_at) WHERE replayed_at IS NULL;

-- One record per payment and observed outcome (SUCCEEDED or FAILED), whoever saw it first.
CREATE TABLE verification_records (
    id                uuid        PRIMARY KEY,
    payment_id        uuid        NOT NULL REFERENCES payments (id),
    payment_intent_id text,
    event_id          text,
    organizer_id      text,
    user_id           text,
    amount            bigint      NOT NULL,
    currency          text        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
    source            text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    archived_at       timestamptz,
    UNIQUE (payment_id, status)
);
CREATE INDEX verification_records_unarchived_idx ON verification_records (created_at) WHERE archived_at IS NULL;
CREATE INDEX verification_records_event_idx ON verification_records (event_id, organizer_id);
CREATE INDEX verification_records_user_idx ON verification_records (user_id);

-- Refunds as Stripe reports them (the refunds API builds on this table).
CREATE TABLE refunds (
    id               uuid        PRIMARY KEY,
    stripe_refund_id text        NOT NULL UNIQUE,
    payment_id       uuid        REFERENCES payments (id),
    amount           bigint      NOT NULL CHECK (amount > 0),
    currency         text        NOT NULL,
    status           text        NOT NULL,
    reason           text,
    failure_reason   text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_payment_idx ON refunds (payment_id);

-- Hosted Checkout Sessions as Stripe reports them.
CREATE TABLE checkout_sessions (
    stripe_session_id   text        PRIMARY KEY,
    status              text        NOT NULL,
    payment_status      text,
    payment_intent_id   text,
    amount_total        bigint,
    currency            text,
    customer_email      text,
    client_reference_id text,
    payment_id          uuid        REFERENCES payments (id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Reconciliation claims payments by moving this forward, so several instances share the work.
ALTER TABLE payments ADD COLUMN reconcile_after timestamptz;
