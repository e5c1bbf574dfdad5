package dev.payroute.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.RouteVariables;
import dev.payroute.domain.Cart;
import dev.payroute.domain.PaymentCreateRequest;
import dev.payroute.domain.References;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.StorefrontRequests;
import dev.payroute.payments.PaymentChange;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentViews;
import dev.payroute.sql.Database;
import dev.payroute.stripe.IntentSnapshot;
import dev.payroute.stripe.PaymentGateway;
import dev.payroute.stripe.StripeIdempotencyKeys;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The steps of the storefront's card routes (routes/checkout): a cart paid with a PaymentIntent or on a hosted
 * Checkout Session. Each Stripe call is its own step (idempotency key from our payment id); the step after it
 * records the payment and its cart in one transaction, so the payment's success always finds the cart it
 * turns into an order.
 */
public final class StorefrontOperations {

    static final String CHANNEL_INTENT = "payment_intent";
    static final String CHANNEL_CHECKOUT = "checkout_session";

    private final PaymentGateway gateway;
    private final PaymentStore payments;
    private final OrderStore orders;
    private final Database db;
    private final String successUrl;
    private final String cancelUrl;

    public StorefrontOperations(PaymentGateway gateway, PaymentStore payments, OrderStore orders, Database db,
                                String successUrl, String cancelUrl) {
        this.gateway = gateway;
        this.payments = payments;
        this.orders = orders;
        this.db = db;
        this.successUrl = successUrl;
        this.cancelUrl = cancelUrl;
    }

    public StorefrontRequests.CartPayment parseCartPayment(@Variable(RouteVariables.JSON) JsonNode json) {
        return StorefrontRequests.CartPayment.from(json);
    }

    public StorefrontRequests.CheckoutSession parseCheckoutSession(@Variable(RouteVariables.JSON) JsonNode json) {
        return StorefrontRequests.CheckoutSession.from(json, successUrl, cancelUrl);
    }

    /** The order a cart payment becomes, derived from the payment's id (a retried create names the same order). */
    static UUID orderIdOf(UUID paymentId) {
        return UUID.nameUUIDFromBytes(("storefront-order:" + paymentId).getBytes(StandardCharsets.UTF_8));
    }

    public IntentSnapshot createCartIntent(@Variable(RouteVariables.REQUEST) StorefrontRequests.CartPayment request,
                                           @Variable(RouteVariables.OPERATION_ID) UUID paymentId) {
        return gateway.createIntent(new PaymentGateway.CreateIntent(request.cart().totalCents(), request.currency(),
                description(request.cart()), "automatic", null, metadata(paymentId, request.userId())),
                StripeIdempotencyKeys.of("cart-payment-create", paymentId));
    }

    /** The payment, its payment.initiated event and its cart, in one transaction; the caller (only) gets the client secret. */
    public Map<String, Object> recordCartPayment(@Variable(RouteVariables.REQUEST) StorefrontRequests.CartPayment request,
                                                 @Variable("intent") IntentSnapshot intent,
                                                 @Variable(RouteVariables.OPERATION_ID) UUID paymentId,
                                                 @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                                 @Variable(RouteVariables.PRINCIPAL) String actor) {
        UUID orderId = orderIdOf(paymentId);
        PaymentRow row = db.inTransaction(() -> {
            PaymentRow inserted = payments.insert(paymentId, References.newPaymentReference(),
                    paymentRequest(request.cart(), request.currency(), request.userId(), orderId), "automatic", intent,
                    PaymentStore.Cause.request(correlationId, actor));
            orders.insertCart(paymentId, orderId, request.userId(), CHANNEL_INTENT, null, request.cart(), request.currency());
            return inserted;
        });
        Map<String, Object> view = PaymentViews.full(row);
        view.put("items", request.cart().itemsView());
        view.put("client_secret", intent.clientSecret());
        return view;
    }

    public PaymentGateway.CheckoutSessionSnapshot createCheckoutSession(
            @Variable(RouteVariables.REQUEST) StorefrontRequests.CheckoutSession request,
            @Variable(RouteVariables.OPERATION_ID) UUID paymentId) {
        List<PaymentGateway.CheckoutLine> lines = new ArrayList<>();
        for (Cart.Item item : request.cart().items()) {
            lines.add(new PaymentGateway.CheckoutLine(item.title() != null ? item.title() : item.bookId(), item.priceCents(),
                    item.quantity()));
        }
        return gateway.createCheckoutSession(new PaymentGateway.CheckoutSessionCreate(lines, StorefrontRequests.CURRENCY,
                request.customerEmail(), request.successUrl(), request.cancelUrl(), orderIdOf(paymentId).toString(),
                metadata(paymentId, request.userId())), StripeIdempotencyKeys.of("checkout-session-create", paymentId));
    }

    /**
     * The session's payment (PENDING, no PaymentIntent yet: Stripe makes one when the customer pays), its cart and
     * the session row, in one transaction.
     */
    public Map<String, Object> recordCheckoutSession(@Variable(RouteVariables.REQUEST) StorefrontRequests.CheckoutSession request,
                                                     @Variable("session") PaymentGateway.CheckoutSessionSnapshot session,
                                                     @Variable(RouteVariables.OPERATION_ID) UUID paymentId,
                                                     @Header(RouteVariables.CORRELATION_ID) String correlationId,
                                                     @Variable(RouteVariables.PRINCIPAL) String actor) {
        UUID orderId = orderIdOf(paymentId);
        long total = request.cart().totalCents();
        IntentSnapshot none = new IntentSnapshot(null, "requires_payment_method", total, 0, 0, StorefrontRequests.CURRENCY,
                null, null, null, null, null, null, null, null, session.livemode(), null);
        db.inTransaction(() -> {
            payments.insert(paymentId, References.newPaymentReference(),
                    paymentRequest(request.cart(), StorefrontRequests.CURRENCY, request.userId(), orderId), "automatic", none,
                    PaymentStore.Cause.request(correlationId, actor));
            orders.insertCart(paymentId, orderId, request.userId(), CHANNEL_CHECKOUT, session.id(), request.cart(),
                    StorefrontRequests.CURRENCY);
            Map<String, Object> params = new HashMap<>();
            params.put("sessionId", session.id());
            params.put("status", session.status());
            params.put("paymentStatus", session.paymentStatus());
            params.put("amountTotal", total);
            params.put("currency", StorefrontRequests.CURRENCY);
            params.put("customerEmail", request.customerEmail());
            params.put("clientReferenceId", orderId.toString());
            params.put("paymentId", paymentId.toString());
            params.put("url", session.url());
            params.put("expiresAt", java.sql.Timestamp.from(Instant.ofEpochSecond(session.expiresAt())));
            params.put("successUrl", request.successUrl());
            params.put("cancelUrl", request.cancelUrl());
            params.put("userId", request.userId());
            db.update("storefront/insert-checkout-session", params);
            return null;
        });
        return checkoutSessionView(session.id());
    }

    public Map<String, Object> getCheckoutSession(@Header("id") String id) {
        return checkoutSessionView(id);
    }

    /** Our record of a session (as its webhooks or reconciliation last reported it), with its payment and order. */
    public Map<String, Object> checkoutSessionView(String sessionId) {
        CheckoutSessionRow row = db.queryOne("storefront/select-checkout-session", Map.of("id", sessionId == null ? "" : sessionId))
                .map(CheckoutSessionRow::of)
                .orElseThrow(() -> Refusal.notFound("no checkout session with id " + sessionId));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id());
        view.put("object", "checkout_session");
        view.put("status", row.status());
        view.put("payment_status", row.paymentStatus());
        view.put("url", row.url());
        view.put("expires_at", PaymentViews.timestamp(row.expiresAt()));
        view.put("user_id", row.userId());
        view.put("customer_email", row.customerEmail());
        view.put("amount_total", row.amountTotal());
        view.put("currency", row.currency());
        view.put("payment_id", row.paymentId() == null ? null : row.paymentId().toString());
        view.put("order_id", row.orderId() == null ? null : row.orderId().toString());
        view.put("success_url", row.successUrl());
        view.put("cancel_url", row.cancelUrl());
        view.put("created_at", PaymentViews.timestamp(row.createdAt()));
        return view;
    }

    public Map<String, Object> getOrder(@Header("id") String id) {
        return OrderViews.full(orders.require(id));
    }

    /**
     * Reconciliation of a session whose completion or expiry was not heard (a row claimed by
     * sql/storefront/reconcile-checkout-claim.sql): what Stripe says of it now is applied like its webhook.
     */
    public String reconcileCheckoutSession(@Body Map<String, Object> claimed) {
        String sessionId = (String) claimed.get("stripe_session_id");
        UUID paymentId = (UUID) claimed.get("payment_id");
        PaymentGateway.CheckoutSessionSnapshot session = gateway.retrieveCheckoutSession(sessionId);
        Optional<PaymentChange> change = PaymentChange.fromCheckoutSession(session.id(), session.status(), session.paymentStatus(),
                session.amountTotal(), session.paymentIntentId(), "reconciliation");
        Map<String, Object> params = new HashMap<>();
        params.put("sessionId", session.id());
        params.put("status", session.status());
        params.put("paymentStatus", session.paymentStatus());
        params.put("paymentIntentId", session.paymentIntentId());
        return db.inTransaction(() -> {
            db.update("storefront/update-checkout-session", params);
            if (change.isEmpty()) {
                return sessionId + " is " + session.status();
            }
            PaymentStore.Transition t = payments.apply(paymentId, change.get(), PaymentStore.Cause.reconciliation());
            return sessionId + " is " + session.status() + ": " + t.from() + " -> " + t.to() + " " + t.outcome().recorded();
        });
    }

    private static PaymentCreateRequest paymentRequest(Cart cart, String currency, String userId, UUID orderId) {
        return new PaymentCreateRequest(cart.totalCents(), currency, description(cart), orderId.toString(), null, userId,
                null, null, null, null, Map.of());
    }

    private static String description(Cart cart) {
        int n = cart.items().size();
        return "Audiobook order: " + n + (n == 1 ? " item" : " items");
    }

    private static Map<String, String> metadata(UUID paymentId, String userId) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("payroute_payment_id", paymentId.toString());
        metadata.put("order_id", orderIdOf(paymentId).toString());
        metadata.put("user_id", userId);
        return metadata;
    }
}
