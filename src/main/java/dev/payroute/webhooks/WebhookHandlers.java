package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.PaymentTransitions;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentLogContext;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentStore.Cause;
import dev.payroute.refunds.RefundStore;
import dev.payroute.sql.Database;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.webhooks.WebhookStats.Counter;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies stored Stripe events (routes/webhooks/webhook-process). Every payment change goes
 * through the state machine: a change it refuses alters nothing and is recorded. A refused
 * PaymentIntent event whose status can still lead to the payment's is an older report (STALE) and
 * costs nothing more; one that contradicts the payment's status (no allowed path leads from it to
 * ours) puts the order in doubt, so the intent is fetched from Stripe and what it says now is applied
 * instead. Each handler takes the event (route variable event)
 * and returns the outcome recorded on its row (route variable outcome).
 */
public final class WebhookHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandlers.class);
    /** The outcome of a refused PaymentIntent event whose status can still lead to the payment's (an older report). */
    public static final String STALE = "STALE";

    private final WebhookEventStore events;
    private final PaymentStore payments;
    private final RefundStore refunds;
    private final PaymentGateway gateway;
    private final Database db;
    private final WebhookStats stats;

    public WebhookHandlers(WebhookEventStore events, PaymentStore payments, RefundStore refunds, PaymentGateway gateway,
                           Database db, WebhookStats stats) {
        this.events = events;
        this.payments = payments;
        this.refunds = refunds;
        this.gateway = gateway;
        this.db = db;
        this.stats = stats;
    }

    /** The stored event of the row, or null when it is no longer waiting (processed meanwhile). */
    public StripeEvent load(@Variable("rowId") long rowId) {
        return events.pending(rowId).orElse(null);
    }

    public String paymentIntent(@Variable("event") StripeEvent event, Exchange exchange) {
        IntentSnapshot intent = EventAmounts.trusted(StripeObjects.intent(event.object()), gateway::retrieveIntent);
        Optional<UUID> payment = paymentFor(intent.id(), event.object());
        if (payment.isEmpty()) {
            return "UNMATCHED";
        }
        PaymentLogContext.about(exchange, payment.get());
        PaymentStore.Transition t = payments.applyIntent(payment.get(), intent, "webhook:" + event.type(), Cause.stripeEvent(event.id()));
        if (t.outcome() == PaymentTransitions.Outcome.REFUSE) {
            if (PaymentTransitions.reachable(t.to(), t.from())) {
                // Stale: what Stripe said before the payment moved on to what we know (the payment_intent.created
                // of a hold arriving after it is AUTHORIZED). The refusal is recorded; Stripe is not asked again.
                return STALE;
            }
            // A contradiction: nothing allowed leads from what the event says to what we know. Stripe decides.
            IntentSnapshot now = gateway.retrieveIntent(intent.id());
            LOG.info("{} for a payment in {} was refused; Stripe says the intent is now {}", event.type(), t.from(), now.status());
            t = payments.applyIntent(payment.get(), now, "webhook-refetch:" + event.type(), Cause.stripeEvent(event.id()));
            return "REFUSED_THEN_" + t.outcome().recorded();
        }
        return t.outcome().recorded();
    }

    public String charge(@Variable("event") StripeEvent event) {
        JsonNode charge = event.object();
        Optional<UUID> payment = paymentFor(StripeObjects.id(charge, "payment_intent"), charge);
        if (payment.isEmpty()) {
            return "UNMATCHED";
        }
        if (event.type().equals("charge.refunded")) {
            // Refunds payroute knows of decide the payment's refunded amount (SUCCEEDED ones only, never a
            // pending one twice); Stripe's own total is used only for a payment without any.
            java.util.List<dev.payroute.stripe.PaymentGateway.RefundSnapshot> listed = new java.util.ArrayList<>();
            charge.path("refunds").path("data").forEach(r -> listed.add(StripeObjects.refund(r)));
            Optional<String> byRefunds = refunds.applyChargeRefunds(payment.get(), listed, event.id());
            if (byRefunds.isPresent()) {
                return byRefunds.get();
            }
        }
        Optional<PaymentChange> change = chargeChange(event.type(), charge);
        if (change.isEmpty()) {
            return "UNHANDLED_TYPE";
        }
        return payments.apply(payment.get(), change.get(), Cause.stripeEvent(event.id())).outcome().recorded();
    }

    /** What a charge event says of its payment; empty for a charge event that changes no payment status. */
    static Optional<PaymentChange> chargeChange(String type, JsonNode charge) {
        JsonNode card = charge.path("payment_method_details").path("card");
        String brand = StripeObjects.text(card, "brand");
        String last4 = StripeObjects.text(card, "last4");
        String source = "webhook:" + type;
        String intentId = StripeObjects.id(charge, "payment_intent");
        switch (type) {
            case "charge.succeeded":
            case "charge.captured":
                boolean captured = charge.path("captured").asBoolean(false);
                return Optional.of(new PaymentChange(captured ? PaymentStatus.SUCCEEDED : PaymentStatus.AUTHORIZED, source,
                        "charge " + charge.path("id").asText() + (captured ? " captured" : " authorized"),
                        captured ? charge.path("amount_captured").asLong() : null, null, brand, last4, null, null, intentId));
            case "charge.failed":
                return Optional.of(new PaymentChange(PaymentStatus.FAILED, source, "charge " + charge.path("id").asText() + " failed",
                        null, null, brand, last4, StripeObjects.text(charge, "failure_code"),
                        StripeObjects.text(charge, "failure_message"), intentId));
            case "charge.refunded":
                long refunded = charge.path("amount_refunded").asLong();
                long capturedAmount = charge.path("amount_captured").asLong();
                return Optional.of(PaymentChange.to(refunded >= capturedAmount ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED,
                        source, "charge " + charge.path("id").asText() + " refunded " + refunded).withAmountRefunded(refunded));
            default:
                return Optional.empty();
        }
    }

    public String dispute(@Variable("event") StripeEvent event) {
        JsonNode dispute = event.object();
        Optional<UUID> payment = paymentFor(StripeObjects.id(dispute, "payment_intent"), dispute);
        if (payment.isEmpty()) {
            return "UNMATCHED";
        }
        String source = "webhook:" + event.type();
        PaymentChange change;
        if (event.type().equals("charge.dispute.created")) {
            change = PaymentChange.to(PaymentStatus.DISPUTED, source, "dispute " + dispute.path("id").asText() + " opened");
        } else if (event.type().equals("charge.dispute.closed") && "won".equals(dispute.path("status").asText())) {
            change = PaymentChange.to(PaymentStatus.SUCCEEDED, source, "dispute " + dispute.path("id").asText() + " won");
        } else {
            return "UNHANDLED_TYPE";
        }
        return payments.apply(payment.get(), change, Cause.stripeEvent(event.id())).outcome().recorded();
    }

    /**
     * refund.* and charge.refund.updated: our refund row follows Stripe (found by Stripe id or by our id in
     * its metadata; a refund created outside payroute is recorded), once, never backwards.
     */
    public String refund(@Variable("event") StripeEvent event) {
        JsonNode refund = event.object();
        Optional<UUID> payment = paymentFor(StripeObjects.id(refund, "payment_intent"), refund);
        RefundStore.Applied applied = refunds.applyReport(StripeObjects.refund(refund), payment.orElse(null), event.id());
        if (applied.refund().paymentId() == null) {
            return "UNMATCHED";
        }
        return applied.outcome() == RefundStore.Outcome.UNCHANGED ? "UNCHANGED" : "APPLIED";
    }

    public String checkoutSession(@Variable("event") StripeEvent event) {
        JsonNode session = event.object();
        String intentId = StripeObjects.id(session, "payment_intent");
        Optional<UUID> payment = paymentFor(intentId, session);
        Map<String, Object> params = new HashMap<>();
        params.put("sessionId", session.path("id").asText());
        params.put("status", session.path("status").asText());
        params.put("paymentStatus", StripeObjects.text(session, "payment_status"));
        params.put("paymentIntentId", intentId);
        params.put("amountTotal", session.path("amount_total").isNumber() ? session.path("amount_total").asLong() : null);
        params.put("currency", StripeObjects.text(session, "currency"));
        params.put("customerEmail", StripeObjects.text(session, "customer_email"));
        params.put("clientReferenceId", StripeObjects.text(session, "client_reference_id"));
        params.put("paymentId", payment.map(UUID::toString).orElse(null));
        db.update("checkout/upsert-from-stripe", params);
        if (payment.isEmpty()) {
            return "SESSION_RECORDED";
        }
        String source = "webhook:" + event.type();
        Optional<PaymentChange> change = PaymentChange.fromCheckoutSession(session.path("id").asText(), session.path("status").asText(),
                StripeObjects.text(session, "payment_status"), (Long) params.get("amountTotal"), intentId, source);
        return change.isEmpty() ? "SESSION_RECORDED" : payments.apply(payment.get(), change.get(), Cause.stripeEvent(event.id())).outcome().recorded();
    }

    public String unknownType() {
        return "UNKNOWN_TYPE";
    }

    /** Closes the row: PROCESSED, or IGNORED when nothing of ours was concerned. */
    public void markDone(@Variable("rowId") long rowId, @Variable("outcome") String outcome) {
        boolean ignored = outcome.equals("UNKNOWN_TYPE") || outcome.equals("UNMATCHED") || outcome.equals("UNHANDLED_TYPE");
        events.markDone(rowId, ignored ? "IGNORED" : "PROCESSED", outcome);
        stats.count(ignored ? Counter.IGNORED : Counter.PROCESSED);
    }

    /**
     * The payment an object belongs to. An object that names one of our payments which is not
     * committed yet (Stripe can be faster than our own transaction) is retried by the redelivery
     * policy; if the payment never appears, the event becomes a dead letter an admin can see.
     */
    private Optional<UUID> paymentFor(String intentId, JsonNode object) {
        String ours = StripeObjects.text(object.path("metadata"), "payroute_payment_id");
        if (ours != null) {
            UUID id = null;
            try {
                id = UUID.fromString(ours);
            } catch (IllegalArgumentException e) {
                // not one of ours; fall back to the intent id
            }
            if (id != null) {
                if (payments.find(id).isPresent()) {
                    return Optional.of(id);
                }
                if (intentId == null || payments.findByIntent(intentId).isEmpty()) {
                    throw new PaymentNotYetRecorded(id);
                }
            }
        }
        if (intentId == null) {
            return Optional.empty();
        }
        return payments.findByIntent(intentId).map(PaymentRow::id);
    }

    /** An event for one of our payments whose row is not committed yet. */
    public static final class PaymentNotYetRecorded extends RuntimeException {
        PaymentNotYetRecorded(UUID paymentId) {
            super("payment " + paymentId + " is not recorded yet");
        }
    }

}
