package dev.payroute.verifications;

import dev.payroute.sql.Database;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One row of table verification_records: a payment seen succeeding or failing, once per outcome. */
public record VerificationRow(UUID id, UUID paymentId, String paymentIntentId, String eventId, String organizerId,
                              String userId, long amount, String currency, String status, String source, Instant createdAt) {

    /** A row as JDBC returns it (column name → value). */
    static VerificationRow of(Map<String, Object> columns) {
        return new VerificationRow(UUID.fromString(columns.get("id").toString()), UUID.fromString(columns.get("payment_id").toString()),
                (String) columns.get("payment_intent_id"), (String) columns.get("event_id"), (String) columns.get("organizer_id"),
                (String) columns.get("user_id"), ((Number) columns.get("amount")).longValue(), (String) columns.get("currency"),
                (String) columns.get("status"), (String) columns.get("source"), Database.instant(columns.get("created_at")));
    }

    /** The record as the canonical API, the event billing compatibility routes and the archive files show it. */
    Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id.toString());
        view.put("payment_id", paymentId.toString());
        view.put("payment_intent_id", paymentIntentId);
        view.put("event_id", eventId);
        view.put("organizer_id", organizerId);
        view.put("user_id", userId);
        view.put("amount", amount);
        view.put("currency", currency);
        view.put("status", status);
        view.put("source", source);
        view.put("created_at", createdAt.toString());
        return view;
    }
}
