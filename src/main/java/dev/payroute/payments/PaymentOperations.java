package dev.payroute.payments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.RouteVariables;
import dev.payroute.domain.PaymentConfirmRequest;
import dev.payroute.domain.PaymentCreateRequest;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.References;
import dev.payroute.domain.Refusal;
import dev.payroute.sql.Database;
import dev.payroute.stripe.GatewayException;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripeIdempotencyKeys;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The steps of the payment routes (routes/payments): parse, call Stripe, record. Each Stripe call is
 * its own step returning what Stripe said (route variable intent); the step after it records that in one
 * transaction with the event it causes.
 */
public final class PaymentOperations {

    private static final Set<PaymentStatus> CONFIRMABLE =
            EnumSet.of(PaymentStatus.PENDING, PaymentStatus.FAILED, PaymentStatus.REQUIRES_ACTION);

    private final PaymentGateway gateway;
    private final PaymentStore store;
    private final Database db;
    private final int leaseSeconds;

    public PaymentOperations(PaymentGateway gateway, PaymentStore store, Database db, int leaseSeconds) {
        this.gateway = gateway;
        this.store = store;
        this.db = db;
        this.leaseSeconds = leaseSeconds;
    }

    public PaymentCreateRequest parseCreate(@Variable(RouteVariables.JSON) JsonNode json) {
        return PaymentCreateRequest.from(json);
    }

    public PaymentConfirmRequest parseConfirm(@Variable(RouteVariables.JSON) JsonNode json) {
        return PaymentConfirmRequest.from(json);
    }

    /** The Stripe call of a create: the payment id is the operation id, so a retried create reuses the intent. */
    public IntentSnapshot createIntent(@Variable(RouteVariables.REQUEST) PaymentCreateRequest request,
                                       @Variable(RouteVariables.OPERATION_ID) UUID paymentId) {
        Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
        metadata.put("payroute_payment_id", paymentId.toString());
        putIfPresent(metadata, "order_id", request.orderId());
        putIfPresent(metadata, "booking_id", request.bookingId());
        putIfPresent(metadata, "user_id", request.userId());
        putIfPresent(metadata, "event_id", request.eventId());
        putIfPresent(metadata, "organizer_id", request.organizerId());
        return gateway.createIntent(new PaymentGateway.CreateIntent(request.amount(), request.currency(),
                request.description(), "automatic", null, metadata), StripeIdempotencyKeys.of("payment-create", paymentId));
    }

    /** Records the new payment with its payment.initiated event; the caller (only) gets the client secret. */
    public Map<String, Object> recordCreated(@Variable(RouteVariables.REQUEST) PaymentCreateRequest request,
                                             @Variable("intent") IntentSnapshot intent,
                                             @Variable(RouteVariables.OPERATION_ID) UUID paymentId,
                                             @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                             @Variable(RouteVariables.PRINCIPAL) String actor) {
        PaymentRow row = store.insert(paymentId, References.newPaymentReference(), request, "automatic", intent,
                PaymentStore.Cause.request(correlationId, actor));
        Map<String, Object> view = PaymentViews.full(row);
        view.put("client_secret", intent.clientSecret());
        return view;
    }

    /**
     * Takes the payment for this confirmation under its row lock: a payment that is not confirmable, or
     * that another request is confirming right now, is refused (409) before Stripe is called. A redelivery
     * continues an attempt that may already have reached Stripe (and whose webhook may have landed since):
     * it calls Stripe again with the same idempotency key instead.
     */
    public PaymentRow takeForConfirm(@Header("id") String id, @Variable(RouteVariables.OPERATION_ID) UUID owner,
                                     @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                     @Header(Exchange.REDELIVERY_COUNTER) Integer redeliveries, Exchange exchange) {
        UUID paymentId = require(id).id();
        boolean redelivery = redeliveries != null && redeliveries > 0;
        PaymentRow taken = db.inTransaction(() -> {
            PaymentRow row = store.lock(paymentId).orElseThrow();
            if (!redelivery && !CONFIRMABLE.contains(row.status())) {
                throw Refusal.conflict("payment-not-confirmable", "a payment in status " + row.status() + " cannot be confirmed")
                        .with("payment_id", paymentId.toString()).with("payment_status", row.status().name());
            }
            if (row.paymentIntentId() == null) {
                // A hosted Checkout payment (or a hold not yet created): the customer pays on Stripe's page.
                throw Refusal.conflict("payment-not-confirmable", "payment " + paymentId + " has no PaymentIntent to confirm")
                        .with("payment_id", paymentId.toString()).with("payment_status", row.status().name());
            }
            PaymentStore.requireNoOtherOperation(row, PaymentStore.Operation.CONFIRM, owner);
            store.claimOperation(paymentId, PaymentStore.Operation.CONFIRM, owner, correlationId, leaseSeconds);
            return row;
        });
        // The later steps' log lines name it (here, not with ${variable.payment.id}: Camel builds bean metadata for each new row).
        PaymentLogContext.about(exchange, taken.id());
        return taken;
    }

    /** The Stripe call of a confirmation. A decline is an outcome, not a fault: what the intent now says is returned. */
    public IntentSnapshot confirmIntent(@Variable("payment") PaymentRow payment,
                                        @Variable(RouteVariables.REQUEST) PaymentConfirmRequest request,
                                        @Variable(RouteVariables.OPERATION_ID) UUID operationId) {
        String key = StripeIdempotencyKeys.of("payment-confirm", operationId);
        try {
            return store.attempt(payment.id(), PaymentStore.Operation.CONFIRM,
                    () -> gateway.confirmIntent(payment.paymentIntentId(), request.paymentMethod(), request.returnUrl(), key));
        } catch (GatewayException.Declined declined) {
            return declined.intent() != null ? declined.intent() : gateway.retrieveIntent(payment.paymentIntentId());
        }
    }

    /** Applies what Stripe said and ends the confirmation; a decline is recorded, then refused as declined (402). */
    public Map<String, Object> recordConfirmation(@Variable("payment") PaymentRow payment, @Variable("intent") IntentSnapshot intent,
                                                  @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                                  @Variable(RouteVariables.PRINCIPAL) String actor) {
        PaymentStore.Transition transition = db.inTransaction(() -> {
            PaymentStore.Transition t = store.applyIntent(payment.id(), intent, "api", PaymentStore.Cause.request(correlationId, actor));
            store.finishOperation(payment.id(), PaymentStore.Operation.CONFIRM);
            return t;
        });
        Map<String, Object> view = PaymentViews.full(transition.payment());
        if (intent.paymentStatus() == PaymentStatus.FAILED) {
            throw new Refusal(Refusal.Kind.DECLINED, "card-declined",
                    intent.failureMessage() != null ? intent.failureMessage() : "the card was declined", "payment_method")
                    .with("payment_id", view.get("id"))
                    .with("payment_status", view.get("status"))
                    .with("decline_code", intent.declineCode())
                    .with("failure_code", intent.failureCode());
        }
        if (intent.paymentStatus() == PaymentStatus.REQUIRES_ACTION) {
            view.put("next_action", PaymentViews.nextAction(intent));
        }
        return view;
    }

    public Map<String, Object> get(@Header("id") String id) {
        return PaymentViews.full(require(id));
    }

    public Map<String, Object> getByReference(@Header("reference") String reference) {
        return PaymentViews.polling(store.findByReference(reference)
                .orElseThrow(() -> Refusal.notFound("no payment with reference " + reference)));
    }

    /** The payment in header id, or 404: read before the admin audit trail of its status changes is listed. */
    public PaymentRow require(@Header("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Refusal.notFound("no payment with id " + id);
        }
        return store.find(uuid).orElseThrow(() -> Refusal.notFound("no payment with id " + id));
    }

    /** Renders the rows of sql/payments/list-transitions.sql for the admin audit view. */
    public Map<String, Object> transitionsView(@Body List<Map<String, Object>> rows, @Header("id") String paymentId) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("from", row.get("from_status"));
            item.put("to", row.get("to_status"));
            item.put("outcome", row.get("outcome"));
            item.put("source", row.get("source"));
            item.put("reason", row.get("reason"));
            item.put("occurred_at", PaymentViews.timestamp(row.get("occurred_at")));
            items.add(item);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("payment_id", paymentId);
        view.put("items", items);
        // The whole trail in one page: a payment has a handful of transitions.
        view.put("page", 1);
        view.put("page_size", items.size());
        view.put("total", items.size());
        return view;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
