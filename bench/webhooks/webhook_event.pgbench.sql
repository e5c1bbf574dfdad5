-- pgbench script: the database work payroute does for ONE applied Stripe event
-- (payment_intent.succeeded for a PENDING payment), statement for statement and commit for
-- commit, in the order the service runs them. One pgbench "transaction" = one event, so
-- pgbench's tps is the PostgreSQL ceiling in events/s. Run by run.sh with -M prepared (pgJDBC
-- uses server-side prepared statements), -D sealed=<a real sealed payload>, -D outbox=<a real
-- outbox payload> and -D source=webhook:payment_intent.succeeded (a bound value: pgbench would
-- read ":payment_intent" inside a literal as a variable); the payments pi_bench_<n> are seeded
-- beforehand by run.sh.
--
-- Picks this event's number; the service has the ids in memory (no statement of its own).
SELECT n, 'evt_bench_' || n AS evt, 'pi_bench_' || n AS pi FROM (SELECT nextval('bench_event_seq') AS n) s \gset
--
-- ===== receive (routes/webhooks/webhook-receive.camel.yaml), before the HTTP 200 =====
-- idempotentConsumer (eager: false) -> JdbcMessageIdRepository.contains(): read-only transaction
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'stripe-webhooks' AND messageId = :evt;
COMMIT;
-- WebhookIngress.store -> sql/webhooks/insert.sql (autocommit: commit 1)
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until)
VALUES (:evt, 'payment_intent.succeeded', '2026-07-29.dahlia', false, :pi, :sealed,
        now() + make_interval(secs => 30))
ON CONFLICT (stripe_event_id) DO NOTHING
RETURNING id AS row_id \gset
-- exchange completion -> JdbcMessageIdRepository.add(): count + insert in one transaction (commit 2)
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'stripe-webhooks' AND messageId = :evt;
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('stripe-webhooks', :evt, localtimestamp) ON CONFLICT DO NOTHING;
COMMIT;
--
-- ===== apply (routes/webhooks/webhook-process.camel.yaml), asynchronous =====
-- WebhookHandlers.load -> sql/webhooks/select-by-id.sql
SELECT * FROM webhook_events WHERE id = :row_id;
-- WebhookHandlers.paymentFor -> sql/payments/select-by-intent.sql (metadata carries no payroute_payment_id)
SELECT * FROM payments WHERE payment_intent_id = :pi \gset pay_
-- PaymentStore.apply: one transaction (commit 3)
BEGIN;
-- sql/payments/select-by-id-for-update.sql
SELECT * FROM payments WHERE id = CAST(:pay_id AS uuid) FOR UPDATE;
-- sql/payments/update-status.sql (PENDING -> SUCCEEDED, amount_received from the intent)
UPDATE payments
SET status          = 'SUCCEEDED',
    amount_received = GREATEST(amount_received, COALESCE(1000, 0)),
    amount_refunded = GREATEST(amount_refunded, COALESCE(NULL::bigint, 0)),
    card_brand      = COALESCE(NULL::text, card_brand),
    card_last4      = COALESCE(NULL::text, card_last4),
    failure_code    = NULL,
    failure_message = NULL,
    version         = version + 1,
    updated_at      = now()
WHERE id = CAST(:pay_id AS uuid);
-- sql/payments/insert-transition.sql
INSERT INTO payment_transitions (payment_id, from_status, to_status, outcome, source, reason)
VALUES (CAST(:pay_id AS uuid), 'PENDING', 'SUCCEEDED', 'APPLIED', :source, 'intent ' || CAST(:pi AS text) || ' is succeeded');
-- sql/payments/select-by-id-for-update.sql (the row as updated)
SELECT * FROM payments WHERE id = CAST(:pay_id AS uuid) FOR UPDATE;
-- sql/outbox/insert.sql (payment.completed)
INSERT INTO outbox (event_id, event_type, aggregate_id, correlation_id, payload)
VALUES (gen_random_uuid(), 'payment.completed', :pay_id, :evt, CAST(:outbox AS jsonb));
-- sql/verifications/insert.sql
INSERT INTO verification_records (id, payment_id, payment_intent_id, event_id, organizer_id, user_id, amount,
                                  currency, status, source)
VALUES (gen_random_uuid(), CAST(:pay_id AS uuid), :pi, NULL, NULL, NULL, 1000,
        'usd', 'SUCCEEDED', :source)
ON CONFLICT (payment_id, status) DO NOTHING;
COMMIT;
-- WebhookHandlers.markDone -> sql/webhooks/mark-done.sql (autocommit: commit 4)
UPDATE webhook_events
SET status = 'PROCESSED', outcome = 'APPLIED', attempts = attempts + 1, last_error = NULL, processed_at = now()
WHERE id = :row_id AND status = 'RECEIVED';
