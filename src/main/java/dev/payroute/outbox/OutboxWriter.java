package dev.payroute.outbox;

import dev.payroute.json.Json;
import dev.payroute.sql.Database;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The one writer of the outbox (DESIGN §3.1): an event is a row written in the caller's transaction, with
 * type, event_id, correlation_id and occurred_at besides what the caller puts in; the relay publishes it.
 * An event with an id derived from what caused it is written once however often the cause is seen again.
 */
public final class OutboxWriter {

    private final Database db;

    public OutboxWriter(Database db) {
        this.db = db;
    }

    /** An event with a new id. */
    public UUID write(String type, String aggregateId, String correlationId, Map<String, Object> fields) {
        UUID eventId = UUID.randomUUID();
        insert("outbox/insert", eventId, type, aggregateId, correlationId, fields);
        return eventId;
    }

    /** An event whose id is derived from its cause: a second write of the same id changes nothing. */
    public void writeOnce(UUID eventId, String type, String aggregateId, String correlationId, Map<String, Object> fields) {
        insert("outbox/insert-once", eventId, type, aggregateId, correlationId, fields);
    }

    private void insert(String statement, UUID eventId, String type, String aggregateId, String correlationId,
                        Map<String, Object> fields) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", type);
        payload.put("event_id", eventId.toString());
        payload.put("correlation_id", correlationId);
        payload.putAll(fields);
        payload.put("occurred_at", Instant.now().toString());
        Map<String, Object> params = new HashMap<>();
        params.put("eventId", eventId);
        params.put("eventType", type);
        params.put("aggregateId", aggregateId);
        params.put("correlationId", correlationId);
        params.put("payload", Json.write(payload));
        // Sent with the caller's next statement, or just before its commit.
        db.updateLater(statement, params);
    }
}
