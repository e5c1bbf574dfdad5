-- bench/commands: the PostgreSQL work of ONE authorize_payment command, statement for statement and
-- transaction for transaction as the service issues it (traced with log_statement=all on one command;
-- SQL from src/main/resources/sql/ and Camel's JdbcMessageIdRepository). Run by run.sh with pgbench -M prepared
-- against copies of the service's tables (schema bench_pgbench, same columns, constraints and indexes).
-- Ids are built from :r; they carry a / where the service's have a colon (pgbench would read ':pgb' as a
-- variable), and no literal here has a colon followed by a letter or digit for the same reason.
\set r random(1, 9000000000000000000)
-- 1. idempotentConsumer, eager=false: JdbcMessageIdRepository.contains() (in its own transaction)
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'kafka-payment-commands' AND messageId = 'authorize_payment/pgb-' || CAST(:r AS text);
COMMIT;
-- 2. EscrowOperations.prepareAuthorize: payments/select-by-id, escrow/select-by-order (autocommit)
SELECT * FROM payments WHERE id = CAST(md5('pgb-' || CAST(:r AS text)) AS uuid);
SELECT * FROM payments WHERE order_id = 'pgb-order-' || CAST(:r AS text) AND capture_method = 'manual' ORDER BY (status IN ('FAILED', 'CANCELED')), created_at DESC LIMIT 1;
-- (3. the Stripe call: no database)
-- 4. EscrowOperations.recordHold: payment, outbox event and hold in one transaction
BEGIN;
INSERT INTO payments (id, reference, status, amount, currency, description, order_id, booking_id, user_id, guest_id, event_id, organizer_id, payee_id, metadata, capture_method, payment_intent_id, livemode, card_brand, card_last4, failure_code, failure_message) VALUES (CAST(md5('pgb-' || CAST(:r AS text)) AS uuid), 'PAY-PGB' || CAST(:r AS text), 'AUTHORIZED', 2098, 'usd', NULL, 'pgb-order-' || CAST(:r AS text), NULL, 'bench-customer-' || (CAST(:r AS bigint) % 1000), NULL, NULL, NULL, NULL, CAST('{}' AS jsonb), 'manual', 'pi_pgb' || CAST(:r AS text), false, 'visa', '4242', NULL, NULL) ON CONFLICT (id) DO NOTHING;
SELECT * FROM payments WHERE id = CAST(md5('pgb-' || CAST(:r AS text)) AS uuid) FOR UPDATE;
INSERT INTO outbox (event_id, event_type, aggregate_id, correlation_id, payload) VALUES (gen_random_uuid(), 'payment.authorized', CAST(CAST(md5('pgb-' || CAST(:r AS text)) AS uuid) AS text), 'pgb-' || CAST(:r AS text), CAST('{"type": "payment.authorized", "amount": 2098, "status": "AUTHORIZED", "user_id": "bench-customer-0", "currency": "usd", "event_id": "35234b50-29e5-4884-866d-3092fe83278f", "order_id": "bc-order-6f299-0", "reference": "PAY-7G7XPGXV0EZK", "booking_id": null, "payment_id": "79c0c122-c519-3d0f-b976-c8e45f22a507", "occurred_at": "2026-11-22T01.26.24.734382846Z", "correlation_id": "bc-6f299-0", "payment_intent_id": "pi_3yvCDTh93KZ3HoICSjNJZUHF"}' AS jsonb)) RETURNING id AS outbox_id \gset
UPDATE payments SET stripe_customer_id = NULL, hold_expires_at = now() + make_interval(days => 7), payee_id = COALESCE(NULL, payee_id) WHERE id = CAST(md5('pgb-' || CAST(:r AS text)) AS uuid);
SELECT * FROM payments WHERE id = CAST(md5('pgb-' || CAST(:r AS text)) AS uuid);
COMMIT;
-- 5. on completion of the exchange: JdbcMessageIdRepository.add() (count, then insert, one transaction)
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'kafka-payment-commands' AND messageId = 'authorize_payment/pgb-' || CAST(:r AS text);
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('kafka-payment-commands', 'authorize_payment/pgb-' || CAST(:r AS text), now()) ON CONFLICT DO NOTHING;
COMMIT;
-- 6. the Kafka outbox relay: a run claims the unpublished rows of up to 100 payments (outbox/kafka-lock,
--    outbox/kafka-claim, one transaction), here once every 20 events (a run every 200 ms at 100 events/s);
--    then outbox/kafka-mark-published for each event after Kafka acknowledged it (autocommit).
\set claim random(1, 20)
\if :claim = 1
BEGIN;
SELECT aggregate_id FROM (SELECT aggregate_id, min(id) AS first_id FROM outbox WHERE kafka_published_at IS NULL GROUP BY aggregate_id HAVING bool_and(kafka_claimed_until IS NULL OR kafka_claimed_until < now()) ORDER BY first_id LIMIT 100) AS candidates WHERE pg_try_advisory_xact_lock(hashtext('outbox-kafka:' || aggregate_id)) ORDER BY first_id;
WITH claimed AS (UPDATE outbox AS o SET kafka_claimed_until = now() + make_interval(secs => 30) WHERE o.aggregate_id IN (CAST(CAST(md5('pgb-' || CAST(:r AS text)) AS uuid) AS text)) AND o.kafka_published_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox AS live WHERE live.aggregate_id = o.aggregate_id AND live.kafka_published_at IS NULL AND live.kafka_claimed_until >= now()) RETURNING o.id, o.event_id, o.event_type, o.aggregate_id, o.payload, o.kafka_claimed_until) SELECT id, CAST(event_id AS text) AS event_id, event_type, aggregate_id, CAST(payload AS text) AS payload, kafka_claimed_until AS claimed_until FROM claimed ORDER BY id;
COMMIT;
\endif
UPDATE outbox SET kafka_published_at = now() WHERE id = :outbox_id AND kafka_published_at IS NULL;
