-- The audiobook storefront: carts paid by card (a PaymentIntent or a hosted Checkout Session) and the
-- orders their payments create.
--
-- storefront_carts: what a cart payment is for, written with the payment row. payment_id is the payment;
-- order_id is the order that the payment's success creates (also the payment's order_id); items are the
-- validated items with their subtotals; total_cents is computed by payroute.
CREATE TABLE storefront_carts (
    payment_id          uuid PRIMARY KEY REFERENCES payments (id),
    order_id            uuid        NOT NULL UNIQUE,
    user_id             text        NOT NULL,
    channel             text        NOT NULL CHECK (channel IN ('payment_intent', 'checkout_session')),
    checkout_session_id text UNIQUE,
    items               jsonb       NOT NULL,
    total_cents         bigint      NOT NULL CHECK (total_cents > 0),
    currency            text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- Orders: one per paid cart. An order paid by card is created in the transaction that records its payment's
-- success; the primary key (the cart's order_id) and the unique payment_id make that once, however often the
-- success is seen. A credits order has no payment (payment_id NULL) and is created with its debit.
CREATE TABLE orders (
    id                  uuid PRIMARY KEY,
    user_id             text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')),
    paid_with           text        NOT NULL CHECK (paid_with IN ('card', 'checkout', 'credits')),
    payment_id          uuid UNIQUE REFERENCES payments (id),
    checkout_session_id text,
    items               jsonb       NOT NULL,
    total_cents         bigint      NOT NULL CHECK (total_cents >= 0),
    currency            text        NOT NULL,
    total_credits       bigint CHECK (total_credits >= 0),
    amount_refunded     bigint      NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
    credits_returned    bigint      NOT NULL DEFAULT 0 CHECK (credits_returned >= 0),
    correlation_id      text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK ((paid_with = 'credits') = (payment_id IS NULL)),
    CHECK (paid_with <> 'credits' OR credits_returned <= total_credits)
);

CREATE INDEX orders_user_idx ON orders (user_id, created_at DESC);

-- Checkout Sessions created by payroute: the hosted page's URL, its lifetime and where it sends the customer;
-- reconcile_after lets reconciliation ask Stripe about a session whose completion or expiry was never heard.
ALTER TABLE checkout_sessions ADD COLUMN url text;
ALTER TABLE checkout_sessions ADD COLUMN expires_at timestamptz;
ALTER TABLE checkout_sessions ADD COLUMN success_url text;
ALTER TABLE checkout_sessions ADD COLUMN cancel_url text;
ALTER TABLE checkout_sessions ADD COLUMN user_id text;
ALTER TABLE checkout_sessions ADD COLUMN reconcile_after timestamptz;
