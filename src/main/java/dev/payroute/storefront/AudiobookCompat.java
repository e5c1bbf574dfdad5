package dev.payroute.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.RouteVariables;
import dev.payroute.domain.PaymentConfirmRequest;
import dev.payroute.domain.RefundRequest;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.RequestFields;
import dev.payroute.payments.Paging;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.payments.PaymentViews;
import dev.payroute.refunds.RefundCommand;
import dev.payroute.refunds.RefundRow;
import dev.payroute.stripe.PaymentGateway;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The audiobook payment service's documented API (/api/v1/payment/...) in its shapes, over the storefront's
 * canonical operations: request bodies as its frontend sends them, answers with the keys its frontend reads.
 * Statuses are lower-case words (succeeded, requires_action, ...); a payment is named by our id or by its
 * PaymentIntent id (pi_...).
 */
public final class AudiobookCompat {

    private final PaymentStore payments;
    private final OrderStore orders;
    private final PaymentGateway gateway;

    public AudiobookCompat(PaymentStore payments, OrderStore orders, PaymentGateway gateway) {
        this.payments = payments;
        this.orders = orders;
        this.gateway = gateway;
    }

    /** confirm-payment's body: the payment (payment_intent_id or payment_id) and the payment method. */
    public record Confirm(String paymentId, PaymentConfirmRequest confirm) {
    }

    /** POST create-payment-intent's answer. */
    public Map<String, Object> paymentIntentCreated(@Body Map<String, Object> payment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("client_secret", payment.get("client_secret"));
        view.put("payment_id", payment.get("id"));
        view.put("payment_intent_id", payment.get("payment_intent_id"));
        view.put("amount", payment.get("amount"));
        view.put("currency", payment.get("currency"));
        view.put("order_id", payment.get("order_id"));
        return view;
    }

    public Confirm parseConfirm(@Variable(RouteVariables.JSON) JsonNode json) {
        RequestFields f = RequestFields.of(json, Set.of("payment_intent_id", "payment_id", "payment_method", "return_url"));
        String intentId = f.optionalString("payment_intent_id");
        String paymentId = f.optionalString("payment_id");
        if ((intentId == null) == (paymentId == null)) {
            throw Refusal.badRequest(intentId == null ? "payment_intent_id" : "payment_id",
                    "name the payment by payment_intent_id or by payment_id (one of them)");
        }
        PaymentRow payment = intentId != null ? byIntent(intentId) : byId(paymentId);
        com.fasterxml.jackson.databind.node.ObjectNode rest = ((com.fasterxml.jackson.databind.node.ObjectNode) json).deepCopy();
        rest.remove("payment_intent_id");
        rest.remove("payment_id");
        return new Confirm(payment.id().toString(), PaymentConfirmRequest.from(rest));
    }

    /** The payment id the parsed confirm-payment body (variable request) named. */
    public String confirmPaymentId(@Variable("request") Confirm request) {
        return request.paymentId();
    }

    /** The canonical confirm request of the parsed confirm-payment body (variable request). */
    public PaymentConfirmRequest confirmRequest(@Variable("request") Confirm request) {
        return request.confirm();
    }

    /** confirm-payment's answer (a decline is answered 402 before this). */
    public Map<String, Object> confirmed(@Body Map<String, Object> payment) {
        Map<String, Object> view = paymentView(payment);
        if (payment.containsKey("next_action")) {
            view.put("next_action", payment.get("next_action"));
        }
        return view;
    }

    /** create-checkout-session's answer: the hosted page as checkout_url, Stripe's cs_... id as session_id. */
    public Map<String, Object> checkoutSessionCreated(@Body Map<String, Object> session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("checkout_url", session.get("url"));
        view.put("session_id", session.get("id"));
        view.put("payment_id", session.get("payment_id"));
        view.put("order_id", session.get("order_id"));
        view.put("expires_at", session.get("expires_at"));
        return view;
    }

    /** checkout-session/{session_id}: Stripe's session status (open, complete, expired) and payment_status, as Stripe says now. */
    public Map<String, Object> checkoutSession(@Body Map<String, Object> ours) {
        PaymentGateway.CheckoutSessionSnapshot session = gateway.retrieveCheckoutSession((String) ours.get("id"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("session_id", session.id());
        view.put("status", session.status());
        view.put("payment_status", session.paymentStatus());
        view.put("amount_total", session.amountTotal());
        view.put("currency", session.currency());
        view.put("customer_email", session.customerEmail());
        view.put("payment_intent_id", session.paymentIntentId());
        view.put("payment_id", ours.get("payment_id"));
        view.put("order_id", ours.get("order_id"));
        return view;
    }

    /** pay-with-credits' answer. */
    public Map<String, Object> paidWithCredits(@Body Map<String, Object> order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("success", true);
        view.put("order_id", order.get("id"));
        view.put("status", order.get("status").toString().toLowerCase(Locale.ROOT));
        view.put("credits_used", order.get("total_credits"));
        view.put("remaining_credits", order.get("credits_balance"));
        view.put("items", order.get("items"));
        return view;
    }

    /** payment/{payment_id}: by our id or the PaymentIntent id. */
    public Map<String, Object> payment(@Header("payment_id") String id) {
        PaymentRow row = id != null && id.startsWith("pi_") ? byIntent(id) : byId(id);
        return paymentView(PaymentViews.full(row));
    }

    /** user/{user_id}/payments: a page of the user's payments in this shape. */
    public Object paymentsPage(@Body List<Map<String, Object>> rows, @Header("page") int page, @Header("page_size") int pageSize) {
        List<Object> items = new ArrayList<>();
        rows.forEach(row -> items.add(paymentView(PaymentViews.full(PaymentRow.of(row)))));
        return Paging.page(items, rows, page, pageSize);
    }

    /** refund: a payment (our id or pi_...), an optional amount and reason; through the one refund route. */
    public RefundCommand parseRefund(@Variable(RouteVariables.JSON) JsonNode json, @Variable(RouteVariables.PRINCIPAL) String principal,
                                     @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        RefundRequest request = RefundRequest.canonical(json);
        String ref = request.paymentRef();
        PaymentRow payment = ref.startsWith("pi_") ? byIntent(ref) : byId(ref);
        Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
        orders.findByPayment(payment.id()).ifPresent(order -> metadata.putIfAbsent("order_id", order.id().toString()));
        return new RefundCommand(null, payment.id(), request.amount(), request.reason(), metadata, correlationId,
                principal == null ? "unknown" : principal, "audiobook");
    }

    /** refund's answer. */
    public Map<String, Object> refunded(@Variable("refund") RefundRow refund) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("success", true);
        view.put("refund_id", refund.id().toString());
        view.put("stripe_refund_id", refund.stripeRefundId());
        view.put("payment_id", refund.paymentId().toString());
        view.put("amount", refund.amount());
        view.put("currency", refund.currency());
        view.put("status", refund.status().name().toLowerCase(Locale.ROOT));
        view.put("reason", refund.reason());
        return view;
    }

    private static Map<String, Object> paymentView(Map<String, Object> payment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("payment_id", payment.get("id"));
        view.put("payment_intent_id", payment.get("payment_intent_id"));
        view.put("user_id", payment.get("user_id"));
        view.put("order_id", payment.get("order_id"));
        view.put("amount", payment.get("amount"));
        view.put("amount_refunded", payment.get("amount_refunded"));
        view.put("currency", payment.get("currency"));
        view.put("status", payment.get("status").toString().toLowerCase(Locale.ROOT));
        view.put("created_at", payment.get("created_at"));
        return view;
    }

    private PaymentRow byIntent(String intentId) {
        return payments.findByIntent(intentId).orElseThrow(() -> Refusal.notFound("no payment with payment_intent_id " + intentId));
    }

    private PaymentRow byId(String id) {
        Optional<PaymentRow> row;
        try {
            row = payments.find(UUID.fromString(id));
        } catch (IllegalArgumentException | NullPointerException e) {
            row = Optional.empty();
        }
        return row.orElseThrow(() -> Refusal.notFound("no payment with id " + id));
    }
}
