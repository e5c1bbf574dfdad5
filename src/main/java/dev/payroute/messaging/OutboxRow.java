package dev.payroute.messaging;

import java.util.Map;

/** One outbox event a relay run claimed (sql/outbox/*-claim.sql), as the publish routes read it. */
public record OutboxRow(long id, String eventId, String eventType, String aggregateId, String payload) {

    static OutboxRow of(Map<String, Object> columns) {
        return new OutboxRow(((Number) columns.get("id")).longValue(), (String) columns.get("event_id"),
                (String) columns.get("event_type"), (String) columns.get("aggregate_id"), (String) columns.get("payload"));
    }
}
