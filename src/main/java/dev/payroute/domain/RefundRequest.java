package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * A refund as a caller asked for it, read from a JSON body: the payment (our id, or a PaymentIntent id
 * on the event billing service's route), an amount in minor units (null: all that is left), Stripe's
 * reason word and metadata.
 */
public record RefundRequest(String paymentRef, Long amount, String reason, Map<String, String> metadata) {

    public static final Set<String> FIELDS = Set.of("payment_id", "amount", "reason", "metadata");
    public static final Set<String> EVENT_BILLING_FIELDS = Set.of("payment_intent_id", "amount", "reason", "metadata");

    /** POST /api/v1/refunds. */
    public static RefundRequest canonical(JsonNode body) {
        return read(body, FIELDS, "payment_id");
    }

    /** POST /api/refund/process (the event billing service's shape: by PaymentIntent id). */
    public static RefundRequest eventBilling(JsonNode body) {
        return read(body, EVENT_BILLING_FIELDS, "payment_intent_id");
    }

    private static RefundRequest read(JsonNode body, Set<String> fields, String paymentField) {
        RequestFields f = RequestFields.of(body, fields);
        String payment = f.requiredString(paymentField);
        Long amount = body.hasNonNull("amount") ? f.requiredAmount("amount") : null;
        String reason = RefundRules.requireReason("reason", f.optionalString("reason"));
        return new RefundRequest(payment, amount, reason, f.optionalMetadata("metadata"));
    }
}
