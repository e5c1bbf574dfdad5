INSERT INTO dead_letters (source, reference, reason, event_id, routing_key, payload_sealed)
VALUES (:#source, :#reference, :#reason, :#eventId, :#routingKey, :#payloadSealed)
RETURNING id
