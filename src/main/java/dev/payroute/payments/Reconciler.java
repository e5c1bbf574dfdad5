package dev.payroute.payments;

import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import org.apache.camel.Body;

import java.util.Map;
import java.util.UUID;

/**
 * Asks Stripe about a payment left unsettled too long (routes/ops/reconciliation) and applies
 * the answer through the same state machine as webhooks: it repairs lost or never-sent events.
 */
public final class Reconciler {

    private final PaymentGateway gateway;
    private final PaymentStore store;

    public Reconciler(PaymentGateway gateway, PaymentStore store) {
        this.gateway = gateway;
        this.store = store;
    }

    /** The body is one row claimed by sql/reconciliation/claim.sql. */
    public String reconcile(@Body Map<String, Object> claimed) {
        UUID paymentId = (UUID) claimed.get("id");
        IntentSnapshot intent = gateway.retrieveIntent((String) claimed.get("payment_intent_id"));
        PaymentStore.Transition t = store.applyIntent(paymentId, intent, "reconciliation", PaymentStore.Cause.reconciliation());
        return paymentId + " " + t.from() + " -> " + t.to() + ": " + t.outcome().recorded();
    }
}
