package dev.payroute.storefront;

import dev.payroute.domain.Cart;
import dev.payroute.domain.Refusal;
import dev.payroute.outbox.OutboxWriter;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentStore;
import dev.payroute.sql.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Storefront carts and the orders they become. A card order is created by {@link #captured}, inside the
 * transaction that records its payment's success (with the payment's row locked), from the cart stored with
 * the payment: once, however many times the success is seen (the order's id is the cart's order_id, and
 * payment_id is unique). A refund of the payment marks the order refunded the same way ({@link #refunded}).
 */
public final class OrderStore implements PaymentStore.CaptureFollower {

    public static final String ORDER_CREATED = "order.created";
    public static final String ORDER_REFUNDED = "order.refunded";
    public static final String ORDER_AMOUNT_MISMATCH = "order.amount_mismatch";

    private static final Logger LOG = LoggerFactory.getLogger(OrderStore.class);

    private final Database db;
    private final OutboxWriter outbox;

    public OrderStore(Database db, OutboxWriter outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    /** The cart a payment is for (call in the transaction that inserts the payment). */
    public void insertCart(UUID paymentId, UUID orderId, String userId, String channel, String checkoutSessionId, Cart cart,
                           String currency) {
        Map<String, Object> params = new HashMap<>();
        params.put("paymentId", paymentId.toString());
        params.put("orderId", orderId.toString());
        params.put("userId", userId);
        params.put("channel", channel);
        params.put("checkoutSessionId", checkoutSessionId);
        params.put("items", cart.itemsJson());
        params.put("totalCents", cart.totalCents());
        params.put("currency", currency);
        db.update("storefront/insert-cart", params);
    }

    /**
     * The order of a cart payment that succeeded: PAID when Stripe received exactly the cart's total, else
     * AMOUNT_MISMATCH (the PaymentIntent's amount was changed at Stripe): held, announced as order.amount_mismatch
     * rather than order.created, so nothing delivers it as paid, and logged as an error for an administrator.
     */
    @Override
    public void captured(PaymentRow payment, PaymentStore.Cause cause) {
        String correlationId = cause.correlationId() != null ? cause.correlationId() : payment.correlationId();
        List<Map<String, Object>> created = db.query("storefront/create-card-order", mapOf("paymentId", payment.id().toString(),
                "amountReceived", payment.amountReceived(), "correlationId", correlationId));
        if (created.isEmpty()) {
            return;
        }
        OrderRow order = find(created.get(0).get("id").toString()).orElseThrow();
        if (OrderRow.PAID.equals(order.status())) {
            writeEvent(ORDER_CREATED, order, correlationId, cause.stripeEventId(), Map.of());
            return;
        }
        writeEvent(ORDER_AMOUNT_MISMATCH, order, correlationId, cause.stripeEventId(),
                Map.of("amount_received", payment.amountReceived()));
        Database.afterCommit(() -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable(PaymentStore.PAYMENT_ID_MDC, payment.id().toString())) {
                LOG.error("order {} held as {}: payment {} ({}) received {} {} for a cart of {}; not paid, needs an administrator",
                        order.id(), order.status(), payment.reference(), payment.paymentIntentId(), payment.amountReceived(),
                        order.currency(), order.totalCents());
            }
        });
    }

    @Override
    public void refunded(PaymentRow payment, PaymentStore.Cause cause) {
        List<Map<String, Object>> changed = db.query("storefront/mark-refunded", mapOf(
                "paymentId", payment.id().toString(), "status", payment.status().name(), "amountRefunded", payment.amountRefunded()));
        if (!changed.isEmpty()) {
            OrderRow order = find(changed.get(0).get("id").toString()).orElseThrow();
            writeEvent(ORDER_REFUNDED, order, cause.correlationId() != null ? cause.correlationId() : payment.correlationId(),
                    cause.stripeEventId());
        }
    }

    /** A credits order, paid when it is created (call in the transaction of its debit). */
    public OrderRow insertCreditsOrder(UUID orderId, String userId, Cart cart, String correlationId) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", orderId.toString());
        params.put("userId", userId);
        params.put("items", cart.itemsJson());
        params.put("totalCents", cart.totalCents());
        params.put("totalCredits", cart.totalCredits());
        params.put("correlationId", correlationId);
        db.update("storefront/insert-credits-order", params);
        OrderRow order = find(orderId.toString()).orElseThrow();
        writeEvent(ORDER_CREATED, order, correlationId, null);
        return order;
    }

    /** Marks a credits order refunded with all its credits returned (call under the order's lock). */
    public OrderRow markCreditsReturned(UUID orderId, String correlationId) {
        db.update("storefront/mark-credits-returned", Map.of("id", orderId.toString()));
        OrderRow order = find(orderId.toString()).orElseThrow();
        writeEvent(ORDER_REFUNDED, order, correlationId, null);
        return order;
    }

    public Optional<OrderRow> find(String id) {
        UUID uuid = parse(id);
        return uuid == null ? Optional.empty() : db.queryOne("storefront/select-order", Map.of("id", uuid.toString())).map(OrderRow::of);
    }

    /** The order's row, locked until the caller's transaction ends. */
    public Optional<OrderRow> lock(UUID id) {
        return db.queryOne("storefront/select-order-for-update", Map.of("id", id.toString())).map(OrderRow::of);
    }

    public Optional<OrderRow> findByPayment(UUID paymentId) {
        return db.queryOne("storefront/select-order-by-payment", Map.of("paymentId", paymentId.toString())).map(OrderRow::of);
    }

    public OrderRow require(String id) {
        return find(id).orElseThrow(() -> Refusal.notFound("no order with id " + id));
    }

    private static UUID parse(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Once per order, type and state (a repeated refund report writes nothing new). */
    private void writeEvent(String type, OrderRow order, String correlationId, String stripeEventId) {
        writeEvent(type, order, correlationId, stripeEventId, Map.of());
    }

    private void writeEvent(String type, OrderRow order, String correlationId, String stripeEventId, Map<String, Object> extra) {
        Map<String, Object> fields = new LinkedHashMap<>(OrderViews.full(order));
        fields.putAll(extra);
        fields.remove("object");
        fields.put("order_id", fields.remove("id"));
        if (stripeEventId != null) {
            fields.put("stripe_event_id", stripeEventId);
        }
        String key = type + ":" + order.id() + ":" + order.status() + ":" + order.amountRefunded() + ":" + order.creditsReturned();
        outbox.writeOnce(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)), type, order.id().toString(),
                correlationId, fields);
    }

    private static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }
}
