-- Billing records: the append-only audit trail of every money movement (a payment authorised, captured,
-- failed, canceled, transferred or refunded; an invoice issued or paid). Each row is written in the same
-- transaction as the change it records, and is never changed afterwards.
--
-- kind            what moved (see the CHECK below).
-- payment_id,
-- invoice_id,
-- refund_id       what the record is about, where known. Plain values, not foreign keys: the trail
--                 outlives anything it mentions.
-- booking_id,
-- guest_id,
-- user_id         whose money it is, copied from the payment or invoice.
-- amount          minor units of currency (a transfer: what the payee received; a capture: what was received).
-- actor           who caused it: the API key's name (key-...) for HTTP callers, stripe (webhooks,
--                 reconciliation), kafka, rabbitmq, escrow-sweeper.
-- correlation_id  of the request, command or event that started the operation.
CREATE TABLE billing_records (
    id             uuid PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('payment_authorized', 'payment_captured', 'payment_failed',
                                                 'payment_canceled', 'payment_transferred', 'payment_refunded',
                                                 'invoice_issued', 'invoice_paid')),
    payment_id     uuid,
    invoice_id     uuid,
    refund_id      text,
    booking_id     text,
    guest_id       text,
    user_id        text,
    amount         bigint NOT NULL CHECK (amount >= 0),
    currency       text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
    actor          text NOT NULL CHECK (actor <> ''),
    correlation_id text,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX billing_records_booking_idx ON billing_records (booking_id, created_at DESC) WHERE booking_id IS NOT NULL;
CREATE INDEX billing_records_guest_idx ON billing_records (guest_id, created_at DESC) WHERE guest_id IS NOT NULL;
CREATE INDEX billing_records_user_idx ON billing_records (user_id, created_at DESC) WHERE user_id IS NOT NULL;
CREATE INDEX billing_records_payment_idx ON billing_records (payment_id) WHERE payment_id IS NOT NULL;

-- Append-only, enforced by the database for every role, the owner and superusers included: UPDATE, DELETE
-- and TRUNCATE raise. ENABLE ALWAYS makes the triggers fire under session_replication_role = replica too
-- (the usual way a superuser session skips triggers). Only DDL (dropping the trigger or the table) can
-- get past them, and that is a schema migration, reviewed like one.
CREATE FUNCTION billing_records_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'billing_records is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER billing_records_no_update BEFORE UPDATE ON billing_records
    FOR EACH ROW EXECUTE FUNCTION billing_records_refuse_change();
CREATE TRIGGER billing_records_no_delete BEFORE DELETE ON billing_records
    FOR EACH ROW EXECUTE FUNCTION billing_records_refuse_change();
CREATE TRIGGER billing_records_no_truncate BEFORE TRUNCATE ON billing_records
    FOR EACH STATEMENT EXECUTE FUNCTION billing_records_refuse_change();

ALTER TABLE billing_records ENABLE ALWAYS TRIGGER billing_records_no_update;
ALTER TABLE billing_records ENABLE ALWAYS TRIGGER billing_records_no_delete;
ALTER TABLE billing_records ENABLE ALWAYS TRIGGER billing_records_no_truncate;
