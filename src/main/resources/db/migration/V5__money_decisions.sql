-- Money decisions are settled by the database before Stripe is called (DESIGN §3.7).
--
-- operation            the money operation in flight on the payment (AUTHORIZE, CONFIRM, RELEASE, REVERT), taken
--                      under the row lock; NULL once it has finished. Another request for the payment meanwhile is
--                      refused with 409. An operation left unfinished (Stripe down, the instance died) is taken up
--                      again by the escrow sweeper once operation_until has passed.
-- operation_owner      the operation id (an Idempotency-Key's operation, a command's) holding it: the same
--                      operation may take over its own unfinished attempt (a retry, a redelivery).
-- operation_until      the lease of the operation's current attempt, or when the sweeper tries it next.
-- operation_attempts   attempts the sweeper made; operation_error the last failure (shown to admins).
-- escrow_decision      what an escrow hold was decided to become (RELEASE or REVERT). Set once, under the row lock,
--                      before the first Stripe call of that operation: whichever comes first wins for good.
-- correlation_id       the correlation id of the request or command that started the latest operation; every
--                      event the operation causes carries it, whoever writes the event (API, webhook, sweeper).
-- transfer_destination the Connect account a release pays, fixed when the release is decided.
-- payment_method_id,
-- return_url           what an escrow hold was asked with, so an interrupted hold creation can be replayed under
--                      the same Stripe idempotency key.
ALTER TABLE payments
    ADD COLUMN operation            text CHECK (operation IN ('AUTHORIZE', 'CONFIRM', 'RELEASE', 'REVERT')),
    ADD COLUMN operation_owner      uuid,
    ADD COLUMN operation_until      timestamptz,
    ADD COLUMN operation_attempts   integer NOT NULL DEFAULT 0,
    ADD COLUMN operation_error      text,
    ADD COLUMN escrow_decision      text CHECK (escrow_decision IN ('RELEASE', 'REVERT')),
    ADD COLUMN correlation_id       text,
    ADD COLUMN transfer_destination text CHECK (transfer_destination IS NULL OR transfer_destination ~ '^acct_[A-Za-z0-9_]{1,250}$'),
    ADD COLUMN payment_method_id    text,
    ADD COLUMN return_url           text,
    ADD CHECK (operation IS NULL OR operation_until IS NOT NULL);

-- A hold is reserved (inserted PENDING, before its PaymentIntent exists) so that this index can refuse a
-- second live hold for the same order before Stripe is ever called.
CREATE UNIQUE INDEX payments_one_live_hold_per_order ON payments (order_id)
    WHERE capture_method = 'manual' AND order_id IS NOT NULL AND status NOT IN ('FAILED', 'CANCELED');

CREATE INDEX payments_unfinished_operation_idx ON payments (operation_until) WHERE operation IS NOT NULL;
