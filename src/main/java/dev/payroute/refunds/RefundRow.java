package dev.payroute.refunds;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.payroute.domain.RefundStatus;
import dev.payroute.json.Json;
import dev.payroute.sql.Database;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One row of table refunds (migrations V2, V6), as the code reads it. */
public record RefundRow(
        UUID id,
        String reference,
        String stripeRefundId,
        UUID paymentId,
        long amount,
        String currency,
        RefundStatus status,
        String reason,
        String failureReason,
        Map<String, String> metadata,
        String correlationId,
        String requestedBy,
        String source,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant updatedAt) {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() { };

    public static RefundRow of(Map<String, Object> columns) {
        Object metadata = columns.get("metadata");
        Object paymentId = columns.get("payment_id");
        return new RefundRow(
                (UUID) columns.get("id"),
                (String) columns.get("reference"),
                (String) columns.get("stripe_refund_id"),
                paymentId == null ? null : (UUID) paymentId,
                ((Number) columns.get("amount")).longValue(),
                (String) columns.get("currency"),
                RefundStatus.valueOf((String) columns.get("status")),
                (String) columns.get("reason"),
                (String) columns.get("failure_reason"),
                metadata == null ? Map.of() : Json.read(metadata.toString(), METADATA),
                (String) columns.get("correlation_id"),
                (String) columns.get("requested_by"),
                (String) columns.get("source"),
                ((Number) columns.get("attempts")).intValue(),
                columns.get("next_attempt_at") == null ? null : Database.instant(columns.get("next_attempt_at")),
                (String) columns.get("last_error"),
                Database.instant(columns.get("created_at")),
                Database.instant(columns.get("updated_at")));
    }

    /** Stripe's idempotency key for this refund's one create call, whoever sends it and however often. */
    public String stripeIdempotencyKey() {
        return dev.payroute.stripe.StripeIdempotencyKeys.of("refund", id);
    }
}
