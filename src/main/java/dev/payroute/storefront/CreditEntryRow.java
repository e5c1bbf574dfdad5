package dev.payroute.storefront;

import dev.payroute.sql.Database;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One row of table credit_entries (migration V11), as the code reads it; credits is negative for a spend. */
public record CreditEntryRow(UUID id, String userId, String kind, long credits, long balanceAfter, UUID orderId,
                             String reason, String actor, String correlationId, Instant createdAt) {

    public static CreditEntryRow of(Map<String, Object> columns) {
        return new CreditEntryRow(
                (UUID) columns.get("id"),
                (String) columns.get("user_id"),
                (String) columns.get("kind"),
                ((Number) columns.get("credits")).longValue(),
                ((Number) columns.get("balance_after")).longValue(),
                (UUID) columns.get("order_id"),
                (String) columns.get("reason"),
                (String) columns.get("actor"),
                (String) columns.get("correlation_id"),
                Database.instant(columns.get("created_at")));
    }
}
