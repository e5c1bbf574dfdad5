-- Refunds requested through payroute as well as those Stripe reports. A refund is reserved here
-- (PENDING, no Stripe id yet) before Stripe is called; the guard trigger below makes the database
-- itself refuse more PENDING + SUCCEEDED refunds than the payment captured.
ALTER TABLE refunds ALTER COLUMN stripe_refund_id DROP NOT NULL;
ALTER TABLE refunds
    ADD COLUMN reference       text,
    ADD COLUMN correlation_id  text,
    ADD COLUMN requested_by    text,
    ADD COLUMN source          text,
    ADD COLUMN metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN attempts        integer     NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN last_error      text,
    ADD COLUMN reconcile_after timestamptz;

-- Rows written before V6 kept Stripe's own lower-case words.
UPDATE refunds SET status = CASE lower(status)
    WHEN 'succeeded' THEN 'SUCCEEDED'
    WHEN 'failed' THEN 'FAILED'
    WHEN 'canceled' THEN 'CANCELED'
    ELSE 'PENDING' END;
UPDATE refunds SET reference = 'REF-' || upper(substr(md5(id::text), 1, 12)) WHERE reference IS NULL;
UPDATE refunds SET requested_by = 'stripe' WHERE requested_by IS NULL;
UPDATE refunds SET source = 'stripe' WHERE source IS NULL;

ALTER TABLE refunds
    ALTER COLUMN reference SET NOT NULL,
    ALTER COLUMN requested_by SET NOT NULL,
    ALTER COLUMN source SET NOT NULL,
    ADD CONSTRAINT refunds_reference_key UNIQUE (reference),
    ADD CONSTRAINT refunds_status_check CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED'));

-- Refunds waiting to be sent to Stripe (the refund sweeper) and pending at Stripe (reconciliation).
CREATE INDEX refunds_pending_idx ON refunds (next_attempt_at) WHERE status = 'PENDING';

-- The money rule, enforced by the database whatever the caller: the active (PENDING or SUCCEEDED)
-- refunds of a payment never add up to more than its amount_received. The payment's row is locked
-- first, so concurrent inserts for one payment are decided one after the other.
CREATE FUNCTION refunds_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    captured bigint;
    active   bigint;
BEGIN
    IF NEW.payment_id IS NULL OR NEW.status NOT IN ('PENDING', 'SUCCEEDED') THEN
        RETURN NULL;
    END IF;
    SELECT amount_received INTO captured FROM payments WHERE id = NEW.payment_id FOR UPDATE;
    SELECT COALESCE(sum(amount), 0) INTO active FROM refunds
     WHERE payment_id = NEW.payment_id AND status IN ('PENDING', 'SUCCEEDED');
    IF active > captured THEN
        RAISE EXCEPTION 'refunds of payment % would reach %, more than the % captured', NEW.payment_id, active, captured
            USING ERRCODE = 'check_violation', CONSTRAINT = 'refunds_within_captured';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER refunds_within_captured
    AFTER INSERT OR UPDATE OF amount, status, payment_id ON refunds
    FOR EACH ROW EXECUTE FUNCTION refunds_guard();
