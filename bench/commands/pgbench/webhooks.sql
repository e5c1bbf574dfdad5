-- bench/commands: the PostgreSQL work of the three Stripe webhooks one authorize_payment command causes
-- (payment_intent.created, charge.succeeded, payment_intent.amount_capturable_updated: the offline stand-in
-- posts them to the service, as Stripe would). Appended to command.sql by run.sh (it uses command.sql's :r).
-- Each as DatabaseCostTest counts it at the JDBC driver (4 round trips, 2 commits): webhook-receive stores the
-- event (sql/webhooks/receive.sql, autocommit; the unique Stripe event id is the deduplication), then
-- webhook-process, in one transaction, locks the payment by the payroute_payment_id of the intent's metadata
-- and records the report the state table refuses or finds unchanged (the payment is AUTHORIZED already:
-- outcome STALE or UNCHANGED, no Stripe call) together with marking the event done, in one round trip (one
-- statement here). See "webhook events" in results.md for the run's own outcomes.
-- webhook a: payment_intent.created (sealed body about 2208 characters)
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until) VALUES ('evt_pgb_a_' || CAST(:r AS text), 'payment_intent.created', '2026-07-29.dahlia', false, 'pi_pgb' || CAST(:r AS text), (SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 69)), now() + make_interval(secs => 30)) ON CONFLICT (stripe_event_id) DO UPDATE SET claimed_until = now() + make_interval(secs => 30) WHERE webhook_events.status = 'RECEIVED' AND webhook_events.claimed_until < now() RETURNING id AS wid, (xmax = 0) AS fresh \gset
BEGIN;
SELECT * FROM payments WHERE id = CAST(md5('pgb-' || CAST(:r AS text)) AS uuid) FOR UPDATE;
WITH transition AS (INSERT INTO payment_transitions (payment_id, from_status, to_status, outcome, source, reason) VALUES (CAST(md5('pgb-' || CAST(:r AS text)) AS uuid), 'AUTHORIZED', 'PENDING', 'REFUSED', 'webhook/payment_intent.created', 'intent pi_pgb' || CAST(:r AS text) || ' is behind the payment')) UPDATE webhook_events SET status = 'IGNORED', outcome = 'STALE', attempts = attempts + 1, last_error = NULL, processed_at = now() WHERE id = :wid AND status = 'RECEIVED';
COMMIT;

-- webhook b: charge.succeeded (sealed body about 3584 characters)
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until) VALUES ('evt_pgb_b_' || CAST(:r AS text), 'charge.succeeded', '2026-07-29.dahlia', false, 'pi_pgb' || CAST(:r AS text), (SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 112)), now() + make_interval(secs => 30)) ON CONFLICT (stripe_event_id) DO UPDATE SET claimed_until = now() + make_interval(secs => 30) WHERE webhook_events.status = 'RECEIVED' AND webhook_events.claimed_until < now() RETURNING id AS wid, (xmax = 0) AS fresh \gset
BEGIN;
SELECT * FROM payments WHERE id = CAST(md5('pgb-' || CAST(:r AS text)) AS uuid) FOR UPDATE;
WITH transition AS (INSERT INTO payment_transitions (payment_id, from_status, to_status, outcome, source, reason) VALUES (CAST(md5('pgb-' || CAST(:r AS text)) AS uuid), 'AUTHORIZED', 'PENDING', 'REFUSED', 'webhook/charge.succeeded', 'intent pi_pgb' || CAST(:r AS text) || ' is behind the payment')) UPDATE webhook_events SET status = 'IGNORED', outcome = 'STALE', attempts = attempts + 1, last_error = NULL, processed_at = now() WHERE id = :wid AND status = 'RECEIVED';
COMMIT;

-- webhook c: payment_intent.amount_capturable_updated (sealed body about 2272 characters)
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until) VALUES ('evt_pgb_c_' || CAST(:r AS text), 'payment_intent.amount_capturable_updated', '2026-07-29.dahlia', false, 'pi_pgb' || CAST(:r AS text), (SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 71)), now() + make_interval(secs => 30)) ON CONFLICT (stripe_event_id) DO UPDATE SET claimed_until = now() + make_interval(secs => 30) WHERE webhook_events.status = 'RECEIVED' AND webhook_events.claimed_until < now() RETURNING id AS wid, (xmax = 0) AS fresh \gset
BEGIN;
SELECT * FROM payments WHERE id = CAST(md5('pgb-' || CAST(:r AS text)) AS uuid) FOR UPDATE;
WITH transition AS (INSERT INTO payment_transitions (payment_id, from_status, to_status, outcome, source, reason) VALUES (CAST(md5('pgb-' || CAST(:r AS text)) AS uuid), 'AUTHORIZED', 'PENDING', 'REFUSED', 'webhook/payment_intent.amount_capturable_updated', 'intent pi_pgb' || CAST(:r AS text) || ' is behind the payment')) UPDATE webhook_events SET status = 'IGNORED', outcome = 'STALE', attempts = attempts + 1, last_error = NULL, processed_at = now() WHERE id = :wid AND status = 'RECEIVED';
COMMIT;
