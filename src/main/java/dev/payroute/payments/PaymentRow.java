package dev.payroute.payments;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.json.Json;
import dev.payroute.sql.Database;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One row of table payments (migrations V1–V5), as the code reads it. */
public record PaymentRow(
        UUID id,
        String reference,
        PaymentStatus status,
        long amount,
        long amountReceived,
        long amountRefunded,
        String currency,
        String description,
        String orderId,
        String bookingId,
        String userId,
        String guestId,
        String eventId,
        String organizerId,
        String payeeId,
        Map<String, String> metadata,
        String captureMethod,
        String paymentIntentId,
        String cardBrand,
        String cardLast4,
        String failureCode,
        String failureMessage,
        boolean livemode,
        Instant createdAt,
        Instant updatedAt,
        String externalPaymentId,
        String stripeCustomerId,
        Instant holdExpiresAt,
        String latestChargeId,
        String transferId,
        String transferGroup,
        Long payeeAmount,
        String revertReason,
        String operation,
        UUID operationOwner,
        Instant operationUntil,
        String escrowDecision,
        String correlationId,
        String transferDestination,
        String paymentMethodId,
        String returnUrl) {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() { };

    /** The metadata column (jsonb, '{}' unless the payment was given some): no JSON parser for the empty one. */
    private static Map<String, String> metadata(Object column) {
        if (column == null) {
            return Map.of();
        }
        String json = column.toString();
        return json.equals("{}") ? Map.of() : Json.read(json, METADATA);
    }

    /** A row as JDBC returns it (column name → value), from JdbcTemplate or camel-sql. */
    public static PaymentRow of(Map<String, Object> columns) {
        return new PaymentRow(
                uuid(columns.get("id")),
                (String) columns.get("reference"),
                PaymentStatus.valueOf((String) columns.get("status")),
                number(columns.get("amount")),
                number(columns.get("amount_received")),
                number(columns.get("amount_refunded")),
                (String) columns.get("currency"),
                (String) columns.get("description"),
                (String) columns.get("order_id"),
                (String) columns.get("booking_id"),
                (String) columns.get("user_id"),
                (String) columns.get("guest_id"),
                (String) columns.get("event_id"),
                (String) columns.get("organizer_id"),
                (String) columns.get("payee_id"),
                metadata(columns.get("metadata")),
                (String) columns.get("capture_method"),
                (String) columns.get("payment_intent_id"),
                (String) columns.get("card_brand"),
                (String) columns.get("card_last4"),
                (String) columns.get("failure_code"),
                (String) columns.get("failure_message"),
                Boolean.TRUE.equals(columns.get("livemode")),
                instant(columns.get("created_at")),
                instant(columns.get("updated_at")),
                (String) columns.get("external_payment_id"),
                (String) columns.get("stripe_customer_id"),
                instant(columns.get("hold_expires_at")),
                (String) columns.get("latest_charge_id"),
                (String) columns.get("transfer_id"),
                (String) columns.get("transfer_group"),
                columns.get("payee_amount") == null ? null : number(columns.get("payee_amount")),
                (String) columns.get("revert_reason"),
                (String) columns.get("operation"),
                uuid(columns.get("operation_owner")),
                instant(columns.get("operation_until")),
                (String) columns.get("escrow_decision"),
                (String) columns.get("correlation_id"),
                (String) columns.get("transfer_destination"),
                (String) columns.get("payment_method_id"),
                (String) columns.get("return_url"));
    }

    /** A manual-capture payment: an escrow hold. */
    public boolean escrow() {
        return "manual".equals(captureMethod);
    }

    public boolean decided(String decision) {
        return decision.equals(escrowDecision);
    }

    private static UUID uuid(Object value) {
        return value == null ? null : value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        return value == null ? null : Database.instant(value);
    }
}
