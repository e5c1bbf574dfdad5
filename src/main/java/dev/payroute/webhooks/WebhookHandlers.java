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
 * instead. Each handler takes the event (route variable event) and its row (route variable rowId),
 * applies the event and closes the row with its outcome in one transaction, and returns that outcome
 * (route variable outcome); null when another processor closed the row first (nothing of this one's
 * work is kept). The payment is looked up with its row lock, so a stale event costs that one read.
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

    /**
     * The event to apply: the one the receive route verified and queued with its row id (variable receivedEvent,
     * which the queued copy of its exchange carries), or, from the sweeper or an admin's replay, the stored row
     * opened, or null when that row no longer waits (processed meanwhile).
     */
    public StripeEvent load(@Variable("rowId") long rowId, @Variable("receivedEvent") StripeEvent received) {
        if (received != null) {
            return received;
        }
        return events.pending(rowId).orElse(null);
    }

    public String paymentIntent(@Variable("event") StripeEvent event, @Variable("rowId") long rowId, Exchange exchange) {
        IntentSnapshot intent = EventAmounts.trusted(StripeObjects.intent(event.object()), gateway::retrieveIntent);
        Cause cause = Cause.stripeEvent(event.id());
        // The refusal of an event that contradicts its payment (committed, the row left open), for what follows.
        PaymentStore.Transition[] contradicted = new PaymentStore.Transition[1];
        String outcome = closing(rowId, () -> {
            contradicted[0] = null;
            Optional<PaymentRow> payment = lockPaymentFor(intent.id(), event.object());
            if (payment.isEmpty()) {
                return "UNMATCHED";
            }
            PaymentLogContext.about(exchange, payment.get().id());
            PaymentStore.Transition t = payments.applyLocked(payment.get(),
                    PaymentChange.fromIntent(intent, "webhook:" + event.type()), cause);
            if (t.outcome() != PaymentTransitions.Outcome.REFUSE) {
                return t.outcome().recorded();
            }
            if (PaymentTransitions.reachable(t.to(), t.from())) {
                // Stale: what Stripe said before the payment moved on to what we know (the payment_intent.created
                // of a hold arriving after it is AUTHORIZED). The refusal is recorded; Stripe is not asked again.
                return STALE;
            }
            contradicted[0] = t;
            return null;
        });
        if (contradicted[0] == null) {
            return outcome;
        }
        // A contradiction: nothing allowed leads from what the event says to what we know. Stripe decides, outside
        // any transaction; what it says is applied, and the row closed, in the next one.
        PaymentStore.Transition refused = contradicted[0];
        IntentSnapshot now = gateway.retrieveIntent(intent.id());
        LOG.info("{} for a payment in {} was refused; Stripe says the intent is now {}", event.type(), refused.from(), now.status());
        return closing(rowId, () -> {
            PaymentRow locked = payments.lock(refused.payment().id()).orElseThrow();
            PaymentStore.Transition t = payments.applyLocked(locked,
                    PaymentChange.fromIntent(now, "webhook-refetch:" + event.type()), cause);
            return "REFUSED_THEN_" + t.outcome().recorded();
        });
    }

    public String charge(@Variable("event") StripeEvent event, @Variable("rowId") long rowId) {
        JsonNode charge = event.object();
        return closing(rowId, () -> {
            Optional<PaymentRow> payment = lockPaymentFor(StripeObjects.id(charge, "payment_intent"), charge);
            if (payment.isEmpty()) {
                return "UNMATCHED";
            }
            if (event.type().equals("charge.refunded")) {
                // Refunds payroute knows of decide the payment's refunded amount (SUCCEEDED ones only, never a
                // pending one twice); Stripe's own total is used only for a payment without any.
                java.util.List<dev.payroute.stripe.PaymentGateway.RefundSnapshot> listed = new java.util.ArrayList<>();
                charge.path("refunds").path("data").forEach(r -> listed.add(StripeObjects.refund(r)));
                Optional<String> byRefunds = refunds.applyChargeRefunds(payment.get().id(), listed, event.id());
                if (byRefunds.isPresent()) {
                    return byRefunds.get();
                }
                // The refunds may have changed the row since it was locked: read it again, still locked.
                payment = payments.lock(payment.get().id());
            }
            Optional<PaymentChange> change = chargeChange(event.type(), charge);
            if (change.isEmpty()) {
                return "UNHANDLED_TYPE";
            }
            return payments.applyLocked(payment.get(), change.get(), Cause.stripeEvent(event.id())).outcome().recorded();
        });
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

    public String dispute(@Variable("event") StripeEvent event, @Variable("rowId") long rowId) {
        JsonNode dispute = event.object();
        return closing(rowId, () -> {
            Optional<PaymentRow> payment = lockPaymentFor(StripeObjects.id(dispute, "payment_intent"), dispute);
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
            return payments.applyLocked(payment.get(), change, Cause.stripeEvent(event.id())).outcome().recorded();
        });
    }

    /**
     * refund.* and charge.refund.updated: our refund row follows Stripe (found by Stripe id or by our id in
     * its metadata; a refund created outside payroute is recorded), once, never backwards.
     */
    public String refund(@Variable("event") StripeEvent event, @Variable("rowId") long rowId) {
        JsonNode refund = event.object();
        return closing(rowId, () -> {
            // Looked up without its lock: applyReport takes the locks it needs, the payment's first.
            Optional<UUID> payment = paymentFor(StripeObjects.id(refund, "payment_intent"), refund);
            RefundStore.Applied applied = refunds.applyReport(StripeObjects.refund(refund), payment.orElse(null), event.id());
            if (applied.refund().paymentId() == null) {
                return "UNMATCHED";
            }
            return applied.outcome() == RefundStore.Outcome.UNCHANGED ? "UNCHANGED" : "APPLIED";
        });
    }

    public String checkoutSession(@Variable("event") StripeEvent event, @Variable("rowId") long rowId) {
        JsonNode session = event.object();
        String intentId = StripeObjects.id(session, "payment_intent");
        return closing(rowId, () -> {
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
            return change.isEmpty() ? "SESSION_RECORDED"
                    : payments.apply(payment.get(), change.get(), Cause.stripeEvent(event.id())).outcome().recorded();
        });
    }

    public String unknownType(@Variable("rowId") long rowId) {
        return closing(rowId, () -> "UNKNOWN_TYPE");
    }

    /** Counts the event's outcome once its row is closed (none: another processor closed it). */
    public void count(@Variable("outcome") String outcome) {
        if (outcome != null) {
            stats.count(ignored(outcome) ? Counter.IGNORED : Counter.PROCESSED);
        }
    }

    private static boolean ignored(String outcome) {
        return outcome.equals("UNKNOWN_TYPE") || outcome.equals("UNMATCHED") || outcome.equals("UNHANDLED_TYPE");
    }

    /**
     * Runs a handler's work and closes the event's row with its outcome (PROCESSED, or IGNORED when nothing of ours
     * was concerned) in one transaction; closing the row is the transaction's last statement and carries its
     * waiting writes. A row another processor closed first (the queue and the sweeper both had it) rolls the whole
     * transaction back: null. Work that answers null commits what it did and leaves the row open.
     */
    private String closing(long rowId, java.util.function.Supplier<String> work) {
        try {
            return db.inTransaction(() -> {
                String outcome = work.get();
                if (outcome != null && !events.markDone(rowId, ignored(outcome) ? "IGNORED" : "PROCESSED", outcome)) {
                    throw new ClosedElsewhere();
                }
                return outcome;
            });
        } catch (ClosedElsewhere e) {
            LOG.debug("webhook event row {} was closed by another processor; this one's work was rolled back", rowId);
            return null;
        }
    }

    /** The row was closed by another processor: this transaction is rolled back. */
    private static final class ClosedElsewhere extends RuntimeException {
        ClosedElsewhere() {
            super("closed by another processor", null, false, false);
        }
    }

    /**
     * The payment an object belongs to, locked in the caller's transaction: by our id in its metadata, or by its
     * PaymentIntent; empty when it is none of ours. An id of ours not committed yet: see {@link #paymentFor}.
     */
    private Optional<PaymentRow> lockPaymentFor(String intentId, JsonNode object) {
        UUID ours = ourId(object);
        if (ours != null) {
            Optional<PaymentRow> row = payments.lock(ours);
            if (row.isPresent()) {
                return row;
            }
            Optional<PaymentRow> byIntent = intentId == null ? Optional.empty() : payments.lockByIntent(intentId);
            if (byIntent.isEmpty()) {
                throw new PaymentNotYetRecorded(ours);
            }
            return byIntent;
        }
        return intentId == null ? Optional.empty() : payments.lockByIntent(intentId);
    }

    /** The payroute_payment_id in an object's metadata; null when there is none, or it is not one of our ids. */
    private static UUID ourId(JsonNode object) {
        String ours = StripeObjects.text(object.path("metadata"), "payroute_payment_id");
        if (ours == null) {
            return null;
        }
        try {
            return UUID.fromString(ours);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The payment an object belongs to, read without its lock. An object that names one of our payments which is not
     * committed yet (Stripe can be faster than our own transaction) is retried by the redelivery
     * policy; if the payment never appears, the event becomes a dead letter an admin can see.
     */
    private Optional<UUID> paymentFor(String intentId, JsonNode object) {
        UUID ours = ourId(object);
        if (ours != null) {
            if (payments.find(ours).isPresent()) {
                return Optional.of(ours);
            }
            Optional<PaymentRow> byIntent = intentId == null ? Optional.empty() : payments.findByIntent(intentId);
            if (byIntent.isEmpty()) {
                throw new PaymentNotYetRecorded(ours);
            }
            return byIntent.map(PaymentRow::id);
        }
        return intentId == null ? Optional.empty() : payments.findByIntent(intentId).map(PaymentRow::id);
    }

    /** An event for one of our payments whose row is not committed yet. */
    public static final class PaymentNotYetRecorded extends RuntimeException {
        PaymentNotYetRecorded(UUID paymentId) {
            super("payment " + paymentId + " is not recorded yet");
        }
    }

}
