package dev.payroute.payments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.domain.ApiProblem;
import dev.payroute.domain.PaymentConfirmRequest;
import dev.payroute.domain.PaymentCreateRequest;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.References;
import dev.payroute.http.ExchangeKeys;
import dev.payroute.sql.Database;
import dev.payroute.stripe.GatewayException;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripeIdempotencyKeys;
import org.apache.camel.Exchange;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The steps of the payment routes (routes/payments): validate, call the gateway, record. */
public final class PaymentOperations {

    static final String INTENT = "payrouteIntent";
    static final String PAYMENT = "payroutePayment";
    static final String CONFIRM = "payrouteConfirm";

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

    public void parseCreate(Exchange exchange) {
        exchange.getMessage().setBody(PaymentCreateRequest.from(exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    public void parseConfirm(Exchange exchange) {
        exchange.setProperty(CONFIRM, PaymentConfirmRequest.from(exchange.getProperty(ExchangeKeys.REQUEST_JSON, JsonNode.class)));
    }

    /** Creates the PaymentIntent; the payment id is the operation id, so a retried create reuses the intent. */
    public void createIntent(Exchange exchange) {
        PaymentCreateRequest request = exchange.getMessage().getBody(PaymentCreateRequest.class);
        UUID paymentId = operationId(exchange);
        Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
        metadata.put("payroute_payment_id", paymentId.toString());
        putIfPresent(metadata, "order_id", request.orderId());
        putIfPresent(metadata, "booking_id", request.bookingId());
        putIfPresent(metadata, "user_id", request.userId());
        putIfPresent(metadata, "event_id", request.eventId());
        putIfPresent(metadata, "organizer_id", request.organizerId());
        IntentSnapshot intent = gateway.createIntent(new PaymentGateway.CreateIntent(request.amount(), request.currency(),
                request.description(), "automatic", null, metadata), StripeIdempotencyKeys.of("payment-create", paymentId));
        exchange.setProperty(INTENT, intent);
    }

    public void recordCreated(Exchange exchange) {
        PaymentCreateRequest request = exchange.getMessage().getBody(PaymentCreateRequest.class);
        IntentSnapshot intent = exchange.getProperty(INTENT, IntentSnapshot.class);
        Map<String, Object> row = store.insert(operationId(exchange), References.newPaymentReference(), request,
                "automatic", intent, exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class));
        Map<String, Object> view = PaymentViews.full(row);
        view.put("client_secret", intent.clientSecret());
        exchange.getMessage().setBody(view);
    }

    /**
     * Takes the payment for this confirmation under its row lock: a payment that is not confirmable, or
     * that another request is confirming right now, is refused with 409 before Stripe is called.
     */
    public void loadForConfirm(Exchange exchange) {
        UUID paymentId = (UUID) require(exchange).get("id");
        UUID owner = operationId(exchange);
        // A redelivery continues an attempt that may already have reached Stripe (and whose webhook
        // may have landed since): it calls Stripe again with the same idempotency key instead.
        boolean redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) > 0;
        Map<String, Object> payment = db.inTransaction(() -> {
            Map<String, Object> row = store.lock(paymentId).orElseThrow();
            PaymentStatus status = PaymentStatus.valueOf((String) row.get("status"));
            if (!redelivery && !CONFIRMABLE.contains(status)) {
                throw ApiProblem.conflict("payment-not-confirmable", "a payment in status " + status + " cannot be confirmed")
                        .with("payment_id", paymentId.toString()).with("payment_status", status.name());
            }
            PaymentStore.requireNoOtherOperation(row, PaymentStore.Operation.CONFIRM, owner);
            store.claimOperation(paymentId, PaymentStore.Operation.CONFIRM, owner,
                    exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class), leaseSeconds);
            return row;
        });
        exchange.setProperty(PAYMENT, payment);
    }

    public void confirmIntent(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = exchange.getProperty(PAYMENT, Map.class);
        PaymentConfirmRequest request = exchange.getProperty(CONFIRM, PaymentConfirmRequest.class);
        String intentId = (String) payment.get("payment_intent_id");
        String key = StripeIdempotencyKeys.of("payment-confirm", operationId(exchange));
        IntentSnapshot intent;
        try {
            intent = store.attempt((UUID) payment.get("id"), PaymentStore.Operation.CONFIRM,
                    () -> gateway.confirmIntent(intentId, request.paymentMethod(), request.returnUrl(), key));
        } catch (GatewayException.Declined declined) {
            // A decline is an outcome, not a fault: record what the intent now says.
            intent = declined.intent() != null ? declined.intent() : gateway.retrieveIntent(intentId);
        }
        exchange.setProperty(INTENT, intent);
    }

    public void applyConfirmation(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = exchange.getProperty(PAYMENT, Map.class);
        IntentSnapshot intent = exchange.getProperty(INTENT, IntentSnapshot.class);
        UUID paymentId = (UUID) payment.get("id");
        PaymentStore.Transition transition = db.inTransaction(() -> {
            PaymentStore.Transition t = store.applyIntent(paymentId, intent, "api",
                    exchange.getProperty(ExchangeKeys.CORRELATION_ID, String.class));
            store.finishOperation(paymentId, PaymentStore.Operation.CONFIRM);
            return t;
        });
        Map<String, Object> view = PaymentViews.full(transition.payment());
        if (intent.paymentStatus() == PaymentStatus.FAILED) {
            ApiProblem declined = new ApiProblem(402, "card-declined",
                    intent.failureMessage() != null ? intent.failureMessage() : "the card was declined", "payment_method")
                    .with("payment_id", view.get("id"))
                    .with("payment_status", view.get("status"))
                    .with("decline_code", intent.declineCode())
                    .with("failure_code", intent.failureCode());
            throw declined;
        }
        if (intent.paymentStatus() == PaymentStatus.REQUIRES_ACTION) {
            view.put("next_action", PaymentViews.nextAction(intent));
        }
        exchange.getMessage().setBody(view);
    }

    public void get(Exchange exchange) {
        exchange.getMessage().setBody(PaymentViews.full(require(exchange)));
    }

    public void getByReference(Exchange exchange) {
        String reference = exchange.getMessage().getHeader("reference", String.class);
        Map<String, Object> row = store.findByReference(reference)
                .orElseThrow(() -> ApiProblem.notFound("no payment with reference " + reference));
        exchange.getMessage().setBody(PaymentViews.polling(row));
    }

    /** Renders the rows of sql/payments/list-transitions.sql for the admin audit view. */
    public void transitionsView(Exchange exchange) {
        @SuppressWarnings("unchecked")
        java.util.List<Map<String, Object>> rows = exchange.getMessage().getBody(java.util.List.class);
        java.util.List<Map<String, Object>> items = new java.util.ArrayList<>();
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
        view.put("payment_id", exchange.getMessage().getHeader("id", String.class));
        view.put("items", items);
        // The whole trail in one page: a payment has a handful of transitions.
        view.put("page", 1);
        view.put("page_size", items.size());
        view.put("total", items.size());
        exchange.getMessage().setBody(view);
    }

    private Map<String, Object> require(Exchange exchange) {
        String id = exchange.getMessage().getHeader("id", String.class);
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.notFound("no payment with id " + id);
        }
        return store.find(uuid).orElseThrow(() -> ApiProblem.notFound("no payment with id " + id));
    }

    private static UUID operationId(Exchange exchange) {
        return exchange.getProperty(ExchangeKeys.OPERATION_ID, UUID.class);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
