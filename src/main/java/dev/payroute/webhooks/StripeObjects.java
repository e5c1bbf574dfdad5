package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.stripe.IntentSnapshot;

/** Reads the Stripe objects inside events from their JSON (any API version). */
final class StripeObjects {

    private StripeObjects() {
    }

    static IntentSnapshot intent(JsonNode pi) {
        JsonNode error = pi.path("last_payment_error");
        boolean hasError = error.isObject();
        JsonNode next = pi.path("next_action");
        String brand = null;
        String last4 = null;
        JsonNode charge = pi.path("latest_charge");
        if (charge.isObject()) {
            brand = text(charge.path("payment_method_details").path("card"), "brand");
            last4 = text(charge.path("payment_method_details").path("card"), "last4");
        }
        return new IntentSnapshot(
                pi.path("id").asText(),
                pi.path("status").asText(),
                pi.path("amount").asLong(),
                pi.path("amount_received").asLong(),
                pi.path("amount_capturable").asLong(),
                pi.path("currency").asText(),
                null,
                brand,
                last4,
                next.isObject() ? text(next, "type") : null,
                next.isObject() ? text(next.path("redirect_to_url"), "url") : null,
                hasError ? (text(error, "code") != null ? text(error, "code") : "payment_failed") : null,
                hasError ? text(error, "decline_code") : null,
                hasError ? text(error, "message") : null,
                pi.path("livemode").asBoolean(false),
                id(pi, "latest_charge"));
    }

    /** A refund object of an event (refund.*, charge.refund.updated, or listed in a charge's refunds). */
    static dev.payroute.stripe.PaymentGateway.RefundSnapshot refund(JsonNode refund) {
        java.util.Map<String, String> metadata = new java.util.LinkedHashMap<>();
        refund.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return new dev.payroute.stripe.PaymentGateway.RefundSnapshot(refund.path("id").asText(), text(refund, "status"),
                refund.path("amount").asLong(), text(refund, "currency"), id(refund, "payment_intent"),
                text(refund, "failure_reason"), metadata);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }

    /** An expandable field: the id whether Stripe sent the id or the expanded object. */
    static String id(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.isObject() ? text(value, "id") : null;
    }
}
