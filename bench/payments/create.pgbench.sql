-- pgbench script: the database work payroute does for ONE `POST /api/v1/payments` with an
-- Idempotency-Key (a new key, a new payment), statement for statement and commit for commit, in
-- the order the service runs them. One pgbench "transaction" = one create, so pgbench's tps is
-- the PostgreSQL ceiling in creates/s.
--
-- Traced, not guessed: payroute (this commit) on a database of its own with
-- `ALTER DATABASE ... SET log_statement = 'all'`, one create, the server log read back
-- (README.md, "Benchmarks", says how to trace it again). The create's request runs exactly these
-- three commits; nothing else of the request touches the database (the API key check and the
-- Stripe call do not).
--
-- Not in it (they are not the create's transaction, they follow it): the stand-in's
-- payment_intent.created webhook (received, stored, applied asynchronously), and the outbox
-- relay's claim and mark-published of the payment.initiated event (Kafka and RabbitMQ).
--
-- Run by run.sh with -M prepared (pgJDBC uses server-side prepared statements) and
-- -D run=<tag of this pgbench run> -D i=0 -D sealed=<a real sealed 201 reply>
-- -D outbox=<a real payment.initiated payload>, both taken from the run's own probe instance.
-- Ids: pgbench keeps a client's variables from one transaction to the next, so :i counts this
-- client's creates and (run, client_id, i) names a unique create; the payment id (also the
-- idempotency operation id) is md5() of that, cast to uuid, computed inside the statements (the
-- service has its ids in memory: no statement of its own is spent on them).
\set i :i + 1
--
-- ===== idempotencyGate.claim -> IdempotencyStore.claim (db.inTransaction): commit 1 =====
-- sql/idempotency/insert-claim.sql (a new key: the insert takes it; the select-for-update that
-- follows a conflict is not run)
BEGIN;
INSERT INTO idempotency_keys (principal, idem_key, method, path, fingerprint, state, operation_id,
                              locked_until, expires_at)
VALUES ('key-bench0000000', 'bench-' || :run || '-' || :client_id || '-' || :i, 'POST', '/api/v1/payments',
        md5('fp-' || :run || '-' || :client_id || '-' || :i) || md5('fp2-' || :run || '-' || :client_id || '-' || :i),
        'IN_PROGRESS', CAST(md5(:run || '-' || :client_id || '-' || :i) AS uuid),
        now() + make_interval(secs => 60), now() + make_interval(hours => 24))
ON CONFLICT (principal, idem_key) DO NOTHING;
COMMIT;
--
-- (the Stripe PaymentIntent create runs here: no database work)
--
-- ===== payment-create-record -> PaymentOperations.recordCreated -> PaymentStore.insert: commit 2 =====
BEGIN;
-- sql/payments/insert.sql
INSERT INTO payments (id, reference, status, amount, currency, description, order_id, booking_id, user_id,
                      guest_id, event_id, organizer_id, payee_id, metadata, capture_method, payment_intent_id,
                      livemode, card_brand, card_last4, failure_code, failure_message, correlation_id)
VALUES (CAST(md5(:run || '-' || :client_id || '-' || :i) AS uuid),
        'PAY-' || upper(substr(md5('ref-' || :run || '-' || :client_id || '-' || :i), 1, 12)), 'PENDING', 1000, 'usd', NULL,
        'bench-order-' || :run || '-' || :client_id || '-' || :i, NULL, NULL,
        NULL, NULL, NULL, NULL, CAST('{}' AS jsonb), 'automatic',
        'pi_' || md5('pi-' || :run || '-' || :client_id || '-' || :i), false, NULL, NULL, NULL, NULL,
        md5('corr-' || :run || '-' || :client_id || '-' || :i))
ON CONFLICT (id) DO NOTHING;
-- sql/payments/select-by-id-for-update.sql (the row as inserted, for the view and the event)
SELECT * FROM payments WHERE id = CAST(md5(:run || '-' || :client_id || '-' || :i) AS uuid) FOR UPDATE;
-- sql/outbox/insert.sql (payment.initiated)
INSERT INTO outbox (event_id, event_type, aggregate_id, correlation_id, payload)
VALUES (gen_random_uuid(), 'payment.initiated', CAST(CAST(md5(:run || '-' || :client_id || '-' || :i) AS uuid) AS text),
        md5('corr-' || :run || '-' || :client_id || '-' || :i), CAST(:outbox AS jsonb));
COMMIT;
--
-- ===== the reply kept for the key: IdempotencyStore.recordOutcome (autocommit): commit 3 =====
-- sql/idempotency/record-outcome.sql (the 201 reply, sealed with AES-256-GCM)
UPDATE idempotency_keys
SET state = 'COMPLETED', response_status = 201, response_body = :sealed, locked_until = now()
WHERE principal = 'key-bench0000000' AND idem_key = 'bench-' || :run || '-' || :client_id || '-' || :i
  AND operation_id = CAST(md5(:run || '-' || :client_id || '-' || :i) AS uuid);
