package dev.payroute.payments;

import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
    private final MeterRegistry meters;

    public Reconciler(PaymentGateway gateway, PaymentStore store, MeterRegistry meters) {
        this.gateway = gateway;
        this.store = store;
        this.meters = meters;
    }

    /** Counts a run of the reconciliation (routes/ops/reconciliation), whatever it finds. */
    public void countRun(String what) {
        Counter.builder("payroute.reconciliation.runs").description("Runs of a reconciliation, by what it reconciles")
                .tag("what", what).register(meters).increment();
    }

    /** The body is one row claimed by sql/reconciliation/claim.sql. */
    public String reconcile(@Body Map<String, Object> claimed) {
        UUID paymentId = (UUID) claimed.get("id");
        IntentSnapshot intent = gateway.retrieveIntent((String) claimed.get("payment_intent_id"));
        PaymentStore.Transition t = store.applyIntent(paymentId, intent, "reconciliation", PaymentStore.Cause.reconciliation());
        // A repair is a status Stripe had that payroute had missed: the change is applied.
        Counter.builder("payroute.reconciliation.checks").description("Payments checked with Stripe by reconciliation, by outcome")
                .tag("outcome", t.outcome().recorded().toLowerCase(java.util.Locale.ROOT)).register(meters).increment();
        return paymentId + " " + t.from() + " -> " + t.to() + ": " + t.outcome().recorded();
    }
}
