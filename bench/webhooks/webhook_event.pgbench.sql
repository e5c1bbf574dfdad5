-- pgbench script: the database work payroute does for ONE applied Stripe event
-- (payment_intent.succeeded for a PENDING payment), statement for statement and commit for
-- commit, in the order the service runs them: 5 round trips, 2 commits (as DatabaseCostTest counts
-- them at the JDBC driver). One pgbench "transaction" = one event, so pgbench's tps is the PostgreSQL
-- ceiling in events/s. Run by run.sh with -M prepared (pgJDBC uses server-side prepared statements),
-- -D sealed=<a real sealed payload>, -D outbox=<a real outbox payload> and
-- -D source=webhook:payment_intent.succeeded (a bound value: pgbench would read ":payment_intent"
-- inside a literal as a variable); the payments pi_bench_<n> are seeded beforehand by run.sh.
--
-- Picks this event's number; the service has the ids in memory (no statement of its own).
SELECT n, 'evt_bench_' || n AS evt, 'pi_bench_' || n AS pi FROM (SELECT nextval('bench_event_seq') AS n) s \gset
--
-- ===== receive (routes/webhooks/webhook-receive.camel.yaml), before the HTTP 200 =====
-- WebhookEventStore.receive -> sql/webhooks/receive.sql (autocommit: round trip 1, commit 1). The unique
-- stripe_event_id is the deduplication: no separate check, no second table.
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until)
VALUES (:evt, 'payment_intent.succeeded', '2026-07-29.dahlia', false, :pi, :sealed,
        now() + make_interval(secs => 30))
ON CONFLICT (stripe_event_id) DO UPDATE SET claimed_until = now() + make_interval(secs => 30)
    WHERE webhook_events.status = 'RECEIVED' AND webhook_events.claimed_until < now()
RETURNING id AS row_id, (xmax = 0) AS fresh \gset
--
-- ===== apply (routes/webhooks/webhook-process.camel.yaml), asynchronous; the event travels in memory =====
-- One transaction (commit 2).
BEGIN;
-- WebhookHandlers -> PaymentStore.lockByIntent: sql/payments/select-by-intent-for-update.sql (round trip 2;
-- pgJDBC sends the BEGIN with it)
SELECT * FROM payments WHERE payment_intent_id = :pi FOR UPDATE \gset pay_
-- PaymentStore.applyLocked: sql/payments/update-status.sql, the row as updated (round trip 3)
UPDATE payments
SET status          = 'SUCCEEDED',
    amount_received = GREATEST(amount_received, COALESCE(1000, 0)),
    amount_refunded = GREATEST(amount_refunded, COALESCE(NULL::bigint, 0)),
    card_brand      = COALESCE('visa', card_brand),
    card_last4      = COALESCE('4242', card_last4),
    failure_code    = NULL,
    failure_message = NULL,
    payment_intent_id = COALESCE(payment_intent_id, :pi),
    version         = version + 1,
    updated_at      = now()
WHERE id = CAST(:pay_id AS uuid)
RETURNING *,
    EXISTS (SELECT 1 FROM invoices i WHERE i.payment_id = payments.id AND i.status IN ('draft', 'open'))
    OR EXISTS (SELECT 1 FROM storefront_carts c WHERE c.payment_id = payments.id) AS followed;
-- Round trip 4: the statements the service sends together (Database.updateLater, then markDone), in its order:
-- sql/payments/insert-transition.sql, sql/outbox/insert.sql (payment.completed), sql/verifications/insert.sql,
-- sql/billing/insert.sql (payment_captured) and sql/webhooks/mark-done.sql. pgbench cannot send several
-- prepared statements in one round trip, so they are one statement here: the same rows written, the same
-- constraints and indexes checked.
WITH transition AS (
    INSERT INTO payment_transitions (payment_id, from_status, to_status, outcome, source, reason)
    VALUES (CAST(:pay_id AS uuid), 'PENDING', 'SUCCEEDED', 'APPLIED', :source, 'intent ' || CAST(:pi AS text) || ' is succeeded')
), event AS (
    INSERT INTO outbox (event_id, event_type, aggregate_id, correlation_id, payload)
    VALUES (gen_random_uuid(), 'payment.completed', :pay_id, :evt, CAST(:outbox AS jsonb))
), verification AS (
    INSERT INTO verification_records (id, payment_id, payment_intent_id, event_id, organizer_id, user_id, amount,
                                      currency, status, source)
    VALUES (gen_random_uuid(), CAST(:pay_id AS uuid), :pi, NULL, NULL, NULL, 1000,
            'usd', 'SUCCEEDED', :source)
    ON CONFLICT (payment_id, status) DO NOTHING
), billing AS (
    INSERT INTO billing_records (id, kind, payment_id, invoice_id, refund_id, booking_id, guest_id, user_id, amount, currency,
                                 actor, correlation_id)
    VALUES (gen_random_uuid(), 'payment_captured', CAST(:pay_id AS uuid), NULL, NULL, NULL, NULL, NULL,
            1000, 'usd', 'stripe', :evt)
)
UPDATE webhook_events
SET status = 'PROCESSED', outcome = 'APPLIED', attempts = attempts + 1, last_error = NULL, processed_at = now()
WHERE id = :row_id AND status = 'RECEIVED';
-- Round trip 5
COMMIT;
