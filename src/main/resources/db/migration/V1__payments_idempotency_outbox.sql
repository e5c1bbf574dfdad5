-- Payments: one row per payment, status from the state machine in PaymentTransitions.
CREATE TABLE payments (
    id                uuid        PRIMARY KEY,
    reference         text        NOT NULL UNIQUE,
    status            text        NOT NULL,
    amount            bigint      NOT NULL CHECK (amount > 0),
    amount_received   bigint      NOT NULL DEFAULT 0 CHECK (amount_received >= 0),
    amount_refunded   bigint      NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
    currency          text        NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    description       text,
    order_id          text,
    booking_id        text,
    user_id           text,
    guest_id          text,
    event_id          text,
    organizer_id      text,
    payee_id          text,
    metadata          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    capture_method    text        NOT NULL DEFAULT 'automatic' CHECK (capture_method IN ('automatic', 'manual')),
    payment_intent_id text        UNIQUE,
    card_brand        text,
    card_last4        text        CHECK (card_last4 IS NULL OR card_last4 ~ '^[0-9]{4}$'),
    failure_code      text,
    failure_message   text,
    livemode          boolean     NOT NULL DEFAULT false,
    version           integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (amount_refunded <= amount_received)
);
CREATE INDEX payments_order_id_idx ON payments (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX payments_booking_id_idx ON payments (booking_id) WHERE booking_id IS NOT NULL;
CREATE INDEX payments_user_id_idx ON payments (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX payments_event_org_idx ON payments (event_id, organizer_id) WHERE event_id IS NOT NULL;
CREATE INDEX payments_unsettled_idx ON payments (updated_at) WHERE status IN ('PENDING', 'REQUIRES_ACTION', 'PROCESSING');

-- Every attempted status change, applied or refused: the audit trail of the state machine.
CREATE TABLE payment_transitions (
    id          bigserial   PRIMARY KEY,
    payment_id  uuid        NOT NULL REFERENCES payments (id),
    from_status text        NOT NULL,
    to_status   text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('APPLIED', 'REFUSED', 'UNCHANGED')),
    source      text        NOT NULL,
    reason      text,
    occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_transitions_payment_idx ON payment_transitions (payment_id, id);

-- Events written in the same transaction as the change that caused them; a relay publishes them.
CREATE TABLE outbox (
    id             bigserial   PRIMARY KEY,
    event_id       uuid        NOT NULL UNIQUE,
    event_type     text        NOT NULL,
    aggregate_id   text        NOT NULL,
    correlation_id text,
    payload        jsonb       NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    published_at   timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

-- HTTP Idempotency-Key records, scoped to the caller's API key.
CREATE TABLE idempotency_keys (
    principal       text        NOT NULL,
    idem_key        text        NOT NULL,
    method          text        NOT NULL,
    path            text        NOT NULL,
    fingerprint     text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED', 'RETRYABLE')),
    operation_id    uuid        NOT NULL,
    response_status integer,
    response_body   text,
    locked_until    timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (principal, idem_key)
);
CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (expires_at);
