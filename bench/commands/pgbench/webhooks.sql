-- bench/commands: the PostgreSQL work of the three Stripe webhooks one authorize_payment command causes
-- (payment_intent.created, charge.succeeded, payment_intent.amount_capturable_updated: the offline stand-in
-- posts them to the service, as Stripe would). Appended to command.sql by run.sh (it uses command.sql's :r).
-- Each webhook as traced: webhook-receive (dedup check, sealed insert; dedup add when the HTTP exchange
-- completes) and webhook-process (load the row, look for the payment by payroute_payment_id and by intent
-- id, mark the row done). Modelled as UNMATCHED (the payment row not committed yet when the webhook is
-- processed): the outcome of most webhooks in the runs so far (the stand-in posts them while the command is
-- still waiting for its Stripe answer); see "webhook events" in results.md for the run's own counts.
-- webhook 1: payment_intent.created (sealed body about 2230 characters)
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'stripe-webhooks' AND messageId = 'evt_pgb_a_' || CAST(:r AS text);
COMMIT;
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until) VALUES ('evt_pgb_a_' || CAST(:r AS text), 'payment_intent.created', '2026-07-29.dahlia', false, 'pi_pgb' || CAST(:r AS text), (SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 69)), now() + make_interval(secs => 30)) ON CONFLICT (stripe_event_id) DO NOTHING RETURNING id AS wid \gset
SELECT * FROM webhook_events WHERE id = :wid;
SELECT * FROM payments WHERE id = CAST(md5('pgb-none-' || CAST(:r AS text)) AS uuid);
SELECT * FROM payments WHERE payment_intent_id = 'pi_pgb_none' || CAST(:r AS text);
UPDATE webhook_events SET status = 'IGNORED', outcome = 'UNMATCHED', attempts = attempts + 1, last_error = NULL, processed_at = now() WHERE id = :wid AND status = 'RECEIVED';
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'stripe-webhooks' AND messageId = 'evt_pgb_a_' || CAST(:r AS text);
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('stripe-webhooks', 'evt_pgb_a_' || CAST(:r AS text), now()) ON CONFLICT DO NOTHING;
COMMIT;

-- webhook 2: charge.succeeded (sealed body about 3610 characters)
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'stripe-webhooks' AND messageId = 'evt_pgb_b_' || CAST(:r AS text);
COMMIT;
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until) VALUES ('evt_pgb_b_' || CAST(:r AS text), 'charge.succeeded', '2026-07-29.dahlia', false, 'pi_pgb' || CAST(:r AS text), (SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 112)), now() + make_interval(secs => 30)) ON CONFLICT (stripe_event_id) DO NOTHING RETURNING id AS wid \gset
SELECT * FROM webhook_events WHERE id = :wid;
SELECT * FROM payments WHERE id = CAST(md5('pgb-none-' || CAST(:r AS text)) AS uuid);
SELECT * FROM payments WHERE payment_intent_id = 'pi_pgb_none' || CAST(:r AS text);
UPDATE webhook_events SET status = 'IGNORED', outcome = 'UNMATCHED', attempts = attempts + 1, last_error = NULL, processed_at = now() WHERE id = :wid AND status = 'RECEIVED';
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'stripe-webhooks' AND messageId = 'evt_pgb_b_' || CAST(:r AS text);
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('stripe-webhooks', 'evt_pgb_b_' || CAST(:r AS text), now()) ON CONFLICT DO NOTHING;
COMMIT;

-- webhook 3: payment_intent.amount_capturable_updated (sealed body about 2282 characters)
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'stripe-webhooks' AND messageId = 'evt_pgb_c_' || CAST(:r AS text);
COMMIT;
INSERT INTO webhook_events (stripe_event_id, event_type, api_version, livemode, object_id, payload_sealed, claimed_until) VALUES ('evt_pgb_c_' || CAST(:r AS text), 'payment_intent.amount_capturable_updated', '2026-07-29.dahlia', false, 'pi_pgb' || CAST(:r AS text), (SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 71)), now() + make_interval(secs => 30)) ON CONFLICT (stripe_event_id) DO NOTHING RETURNING id AS wid \gset
SELECT * FROM webhook_events WHERE id = :wid;
SELECT * FROM payments WHERE id = CAST(md5('pgb-none-' || CAST(:r AS text)) AS uuid);
SELECT * FROM payments WHERE payment_intent_id = 'pi_pgb_none' || CAST(:r AS text);
UPDATE webhook_events SET status = 'IGNORED', outcome = 'UNMATCHED', attempts = attempts + 1, last_error = NULL, processed_at = now() WHERE id = :wid AND status = 'RECEIVED';
BEGIN;
SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'stripe-webhooks' AND messageId = 'evt_pgb_c_' || CAST(:r AS text);
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES ('stripe-webhooks', 'evt_pgb_c_' || CAST(:r AS text), now()) ON CONFLICT DO NOTHING;
COMMIT;
