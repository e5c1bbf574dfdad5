-- Storefront credits: an append-only ledger per user, and the account row that keeps its running sum.
--
-- credit_accounts.balance is the sum of the user's entries, written in the same transaction as each entry
-- (a spend is UPDATE ... SET balance = balance - n WHERE balance >= n: the row lock orders concurrent spends
-- of one user and the CHECK keeps the balance from ever going below zero).
CREATE TABLE credit_accounts (
    user_id    text PRIMARY KEY,
    balance    bigint      NOT NULL DEFAULT 0 CHECK (balance >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One entry per movement: a grant (admin), a spend (an order paid with credits) or a return (that order
-- refunded). credits is signed (a spend is negative); balance_after is the account's balance after it.
-- One spend and at most one return per order.
CREATE TABLE credit_entries (
    id             uuid PRIMARY KEY,
    user_id        text        NOT NULL REFERENCES credit_accounts (user_id),
    kind           text        NOT NULL CHECK (kind IN ('grant', 'spend', 'return')),
    credits        bigint      NOT NULL CHECK (credits <> 0),
    balance_after  bigint      NOT NULL CHECK (balance_after >= 0),
    order_id       uuid,
    reason         text,
    actor          text        NOT NULL CHECK (actor <> ''),
    correlation_id text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'spend') = (credits < 0)),
    CHECK ((kind = 'grant') = (order_id IS NULL))
);

CREATE UNIQUE INDEX credit_entries_order_kind_idx ON credit_entries (order_id, kind) WHERE order_id IS NOT NULL;
CREATE INDEX credit_entries_user_idx ON credit_entries (user_id, created_at DESC);

-- An entry must agree with its account: the balance it records is the account's balance at that moment,
-- and the account moved by exactly its credits (the sum of the entries is the balance).
CREATE FUNCTION credit_entries_check_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    current bigint;
    total   bigint;
BEGIN
    SELECT balance INTO current FROM credit_accounts WHERE user_id = NEW.user_id;
    SELECT COALESCE(sum(credits), 0) + NEW.credits INTO total FROM credit_entries WHERE user_id = NEW.user_id;
    IF current IS DISTINCT FROM NEW.balance_after OR total <> current THEN
        RAISE EXCEPTION 'credit entry of % for % does not match the account balance % (entries sum to %)',
            NEW.credits, NEW.user_id, current, total USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER credit_entries_balance BEFORE INSERT ON credit_entries
    FOR EACH ROW EXECUTE FUNCTION credit_entries_check_balance();

-- Append-only like billing_records: UPDATE, DELETE and TRUNCATE raise, for every role.
CREATE FUNCTION credit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit_entries is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER credit_entries_no_update BEFORE UPDATE ON credit_entries
    FOR EACH ROW EXECUTE FUNCTION credit_entries_refuse_change();
CREATE TRIGGER credit_entries_no_delete BEFORE DELETE ON credit_entries
    FOR EACH ROW EXECUTE FUNCTION credit_entries_refuse_change();
CREATE TRIGGER credit_entries_no_truncate BEFORE TRUNCATE ON credit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION credit_entries_refuse_change();

ALTER TABLE credit_entries ENABLE ALWAYS TRIGGER credit_entries_balance;
ALTER TABLE credit_entries ENABLE ALWAYS TRIGGER credit_entries_no_update;
ALTER TABLE credit_entries ENABLE ALWAYS TRIGGER credit_entries_no_delete;
ALTER TABLE credit_entries ENABLE ALWAYS TRIGGER credit_entries_no_truncate;

-- Billing records of credits movements: amount is in credits, currency the ISO 4217 code xxx ("no currency").
ALTER TABLE billing_records DROP CONSTRAINT billing_records_kind_check;
ALTER TABLE billing_records ADD CONSTRAINT billing_records_kind_check
    CHECK (kind IN ('payment_authorized', 'payment_captured', 'payment_failed', 'payment_canceled', 'payment_transferred',
                    'payment_refunded', 'invoice_issued', 'invoice_paid', 'credits_granted', 'credits_spent',
                    'credits_returned'));
