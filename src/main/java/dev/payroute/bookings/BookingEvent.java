package dev.payroute.bookings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.domain.PaymentConfirmRequest;
import dev.payroute.domain.PaymentCreateRequest;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.RequestFields;
import dev.payroute.domain.StorableText;
import dev.payroute.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A booking event as received from RabbitMQ, checked against the published schema and then against
 * payroute's own rules (no NUL bytes or lone surrogates anywhere, no card number in free text, a currency
 * payroute knows, an amount in range). The correlation id of everything it causes is its
 * correlation_id when the publisher sent one, its event_id otherwise.
 *
 * @param amount         minor units (booking.created only)
 * @param paymentMethod  when present, the payment is confirmed with it at once
 */
public record BookingEvent(
        String eventId,
        String type,
        OffsetDateTime occurredAt,
        String correlationId,
        String bookingId,
        String guestId,
        long amount,
        String currency,
        boolean paymentRequired,
        String paymentMethod,
        String description,
        Map<String, String> metadata,
        String reason) {

    public static final String CREATED = "booking.created";
    public static final String CANCELLED = "booking.cancelled";

    private static final Set<String> CREATED_FIELDS = Set.of("event_id", "event_type", "occurred_at", "correlation_id",
            "booking_id", "guest_id", "amount", "currency", "payment_required", "payment_method", "description", "metadata");
    private static final Set<String> CANCELLED_FIELDS = Set.of("event_id", "event_type", "occurred_at", "correlation_id",
            "booking_id", "guest_id", "reason");

    /**
     * Parses one message body. The routing key, when known, must be the event's type (a booking.cancelled
     * body published as booking.created is a publisher's mistake, not something to guess about).
     */
    public static BookingEvent parse(byte[] body, String routingKey, BookingEventSchema schema) {
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : Json.STRICT.readTree(body);
        } catch (IOException e) {
            throw new InvalidBookingEvent(null, null, "the message is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidBookingEvent(null, null, "the message must be a JSON object");
        }
        String eventId = json.path("event_id").isTextual() ? json.get("event_id").textValue() : null;
        try {
            StorableText.requireStorable(json);
        } catch (Refusal refusal) {
            throw new InvalidBookingEvent(printable(eventId), refusal.field(), refusal.getMessage());
        }
        schema.check(json, eventId);
        String type = json.get("event_type").textValue();
        if (routingKey != null && !routingKey.isEmpty() && !routingKey.equals(type)) {
            throw new InvalidBookingEvent(eventId, "event_type",
                    "the event_type " + type + " does not match the routing key " + routingKey);
        }
        try {
            return type.equals(CREATED) ? created(json, eventId) : cancelled(json, eventId);
        } catch (Refusal refusal) {
            throw new InvalidBookingEvent(eventId, refusal.field(), refusal.getMessage());
        }
    }

    private static BookingEvent created(JsonNode json, String eventId) {
        RequestFields f = RequestFields.of(json, CREATED_FIELDS);
        return new BookingEvent(eventId, CREATED, occurredAt(json), f.optionalString("correlation_id"),
                f.requiredString("booking_id"), f.requiredString("guest_id"), f.requiredAmount("amount"),
                f.requiredCurrency("currency"), json.get("payment_required").booleanValue(),
                f.optionalString("payment_method"), f.optionalFreeText("description"), f.optionalMetadata("metadata"), null);
    }

    private static BookingEvent cancelled(JsonNode json, String eventId) {
        RequestFields f = RequestFields.of(json, CANCELLED_FIELDS);
        return new BookingEvent(eventId, CANCELLED, occurredAt(json), f.optionalString("correlation_id"),
                f.requiredString("booking_id"), f.requiredString("guest_id"), 0, null, false, null, null, Map.of(),
                f.optionalFreeText("reason"));
    }

    private static OffsetDateTime occurredAt(JsonNode json) {
        try {
            return OffsetDateTime.parse(json.get("occurred_at").textValue());
        } catch (DateTimeParseException e) {
            throw Refusal.unprocessable("occurred_at", "occurred_at must be an RFC 3339 timestamp");
        }
    }

    private static String printable(String eventId) {
        return eventId == null || !StorableText.isStorable(eventId) ? null : eventId;
    }

    /** What everything this event causes carries as its correlation id. */
    public String correlation() {
        return correlationId != null ? correlationId : eventId;
    }

    /** The payment a booking.created creates: its id is derived from the event id, so a redelivery is the same payment. */
    public UUID paymentId() {
        return UUID.nameUUIDFromBytes(("booking-payment:" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    /** The operation id of the immediate confirmation (its Stripe idempotency key derives from it). */
    public UUID confirmationId() {
        return UUID.nameUUIDFromBytes(("booking-confirm:" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    /** The create request the HTTP route would have parsed for this booking. */
    public PaymentCreateRequest paymentRequest() {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("booking_event_id", eventId);
        return new PaymentCreateRequest(amount, currency, description, null, bookingId, null, guestId, null, null, null, meta);
    }

    public PaymentConfirmRequest confirmRequest() {
        return paymentMethod == null ? null : new PaymentConfirmRequest(paymentMethod, null);
    }
}
