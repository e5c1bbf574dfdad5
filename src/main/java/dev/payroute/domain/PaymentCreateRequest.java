package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/** A validated request to create a payment. */
public record PaymentCreateRequest(
        long amount,
        String currency,
        String description,
        String orderId,
        String bookingId,
        String userId,
        String guestId,
        String eventId,
        String organizerId,
        String payeeId,
        Map<String, String> metadata) implements StripeParamNames.Named {

    /** The fields whose values become the PaymentIntent's amount, currency and description. */
    public static final StripeParamNames STRIPE_PARAMS = new StripeParamNames(Map.of(
            "amount", "amount", "currency", "currency", "description", "description"));

    public static final Set<String> FIELDS = Set.of("amount", "currency", "description", "order_id",
            "booking_id", "user_id", "guest_id", "event_id", "organizer_id", "payee_id", "metadata");

    public static PaymentCreateRequest from(JsonNode body) {
        RequestFields f = RequestFields.of(body, FIELDS);
        return new PaymentCreateRequest(
                f.requiredAmount("amount"),
                f.requiredCurrency("currency"),
                f.optionalFreeText("description"),
                f.optionalString("order_id"),
                f.optionalString("booking_id"),
                f.optionalString("user_id"),
                f.optionalString("guest_id"),
                f.optionalString("event_id"),
                f.optionalString("organizer_id"),
                f.optionalString("payee_id"),
                f.optionalMetadata("metadata"));
    }

    @Override
    public StripeParamNames stripeParams() {
        return STRIPE_PARAMS;
    }
}
