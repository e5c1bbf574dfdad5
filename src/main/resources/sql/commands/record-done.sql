-- The command log: a Kafka command whose effects (or refusal) are committed, in their transaction. The table and
-- its rows are those Camel's JDBC idempotent repository kept for payment_commands before (processor name
-- kafka-payment-commands), so a command done before an upgrade stays done.
INSERT INTO camel_messageprocessed (processorname, messageid, createdat)
VALUES ('kafka-payment-commands', :#commandKey, localtimestamp)
ON CONFLICT DO NOTHING
