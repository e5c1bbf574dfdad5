-- Escrow (manual capture, then a Connect transfer to the payee).
ALTER TABLE payments
    ADD COLUMN external_payment_id text UNIQUE,
    ADD COLUMN stripe_customer_id  text,
    ADD COLUMN hold_expires_at     timestamptz,
    ADD COLUMN latest_charge_id    text,
    ADD COLUMN transfer_id         text,
    ADD COLUMN transfer_group      text,
    ADD COLUMN payee_amount        bigint CHECK (payee_amount IS NULL OR payee_amount >= 0),
    ADD COLUMN revert_reason       text;
CREATE INDEX payments_payee_id_idx ON payments (payee_id) WHERE payee_id IS NOT NULL;

-- Payees' Stripe Connect accounts, by our payee (runner) id.
CREATE TABLE payees (
    payee_id           text        PRIMARY KEY,
    connect_account_id text        NOT NULL CHECK (connect_account_id ~ '^acct_[A-Za-z0-9_]{1,250}$'),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
