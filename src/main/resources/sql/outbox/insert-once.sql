INSERT INTO outbox (event_id, event_type, aggregate_id, correlation_id, payload)
VALUES (:#eventId, :#eventType, :#aggregateId, :#correlationId, CAST(:#payload AS jsonb))
ON CONFLICT (event_id) DO NOTHING
