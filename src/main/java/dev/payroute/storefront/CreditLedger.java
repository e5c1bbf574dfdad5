package dev.payroute.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.RouteVariables;
import dev.payroute.billing.BillingRecord;
import dev.payroute.billing.BillingRecords;
import dev.payroute.domain.Refusal;
import dev.payroute.domain.RefundRules;
import dev.payroute.domain.RequestFields;
import dev.payroute.domain.StorefrontRequests;
import dev.payroute.outbox.OutboxWriter;
import dev.payroute.payments.PaymentViews;
import dev.payroute.refunds.RefundCommand;
import dev.payroute.refunds.RefundRow;
import dev.payroute.refunds.RefundViews;
import dev.payroute.sql.Database;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Storefront credits: an append-only ledger per user whose sum is the balance (table credit_accounts keeps the
 * running sum, in the transaction of each entry; a trigger checks that they agree). A spend takes the account's
 * row with {@code balance >= n} in the same statement that lowers it, so concurrent spends of one user are
 * applied one at a time and what does not fit is refused (409) with nothing changed. The order a spend pays for
 * is created in the same transaction; a refund of that order gives the credits back. Each movement writes its
 * billing record (currency xxx, amount in credits) and its event through the outbox.
 */
public final class CreditLedger {

    public static final String GRANTED = "credits.granted";
    public static final String SPENT = "credits.spent";
    public static final String RETURNED = "credits.returned";
    /** How many of a user's newest entries GET /api/v1/users/{user_id}/credits lists. */
    public static final int ENTRIES_SHOWN = 200;

    private final Database db;
    private final OrderStore orders;
    private final OutboxWriter outbox;
    private final BillingRecords billing;

    public CreditLedger(Database db, OrderStore orders, OutboxWriter outbox, BillingRecords billing) {
        this.db = db;
        this.orders = orders;
        this.outbox = outbox;
        this.billing = billing;
    }

    /** A refund of an order as asked: the order (read, not locked), and for a card order an amount and a reason. */
    public record OrderRefund(OrderRow order, Long amount, String reason) {
        public boolean paidWithCredits() {
            return order.paidWithCredits();
        }
    }

    /** order-refund's branch: the order in variable request was paid with credits (not by card). */
    public boolean paidWithCredits(@Variable("request") OrderRefund refund) {
        return refund.paidWithCredits();
    }

    public StorefrontRequests.CreditGrant parseGrant(@Variable(RouteVariables.JSON) JsonNode json, @Header("user_id") String userId) {
        requireUserId(userId);
        return StorefrontRequests.CreditGrant.from(json);
    }

    public StorefrontRequests.CreditsPayment parseCreditsPayment(@Variable(RouteVariables.JSON) JsonNode json) {
        return StorefrontRequests.CreditsPayment.from(json);
    }

    /** POST /api/v1/orders/{id}/refund: an optional body with amount (card orders only) and reason. */
    public OrderRefund parseOrderRefund(@Variable(RouteVariables.JSON) JsonNode json, @Header("id") String orderId) {
        Long amount = null;
        String reason = null;
        if (json != null) {
            RequestFields f = RequestFields.of(json, Set.of("amount", "reason"));
            amount = json.hasNonNull("amount") ? f.requiredAmount("amount") : null;
            reason = RefundRules.requireReason("reason", f.optionalString("reason"));
        }
        OrderRefund refund = new OrderRefund(orders.require(orderId), amount, reason);
        if (refund.paidWithCredits() && amount != null) {
            throw Refusal.unprocessable("amount", "a credits order is refunded whole: all its credits go back");
        }
        return refund;
    }

    public Map<String, Object> grant(@Header("user_id") String userId, @Variable(RouteVariables.REQUEST) StorefrontRequests.CreditGrant grant,
                                     @Variable(RouteVariables.OPERATION_ID) UUID entryId,
                                     @Variable(RouteVariables.PRINCIPAL) String actor,
                                     @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        return db.inTransaction(() -> {
            long balance = add(userId, grant.credits());
            CreditEntryRow entry = entry(entryId, userId, "grant", grant.credits(), balance, null, grant.reason(), actor, correlationId);
            billing.append(record(BillingRecord.Kind.CREDITS_GRANTED, userId, grant.credits(), actor, correlationId));
            writeEvent(GRANTED, entry, correlationId);
            Map<String, Object> view = entryView(entry);
            view.put("balance", balance);
            return view;
        });
    }

    /** Debits the cart's credits and creates its order, in one transaction; too few credits → 409, nothing changed. */
    public Map<String, Object> spend(@Variable(RouteVariables.REQUEST) StorefrontRequests.CreditsPayment payment,
                                     @Variable(RouteVariables.OPERATION_ID) UUID orderId,
                                     @Variable(RouteVariables.PRINCIPAL) String actor,
                                     @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        return db.inTransaction(() -> {
            long needed = payment.totalCredits();
            Optional<Map<String, Object>> taken = db.queryOne("credits/take", Map.of("userId", payment.userId(), "credits", needed));
            if (taken.isEmpty()) {
                long balance = balance(payment.userId());
                throw new Refusal(Refusal.Kind.CONFLICT, "insufficient-credits", "user " + payment.userId() + " has " + balance
                                + " credits; the items cost " + needed, "total_credits")
                        .with("balance", balance).with("required_credits", needed);
            }
            long balance = ((Number) taken.get().get("balance")).longValue();
            OrderRow order = orders.insertCreditsOrder(orderId, payment.userId(), payment.cart(), correlationId);
            CreditEntryRow entry = entry(UUID.randomUUID(), payment.userId(), "spend", -needed, balance, orderId,
                    "order " + orderId, actor, correlationId);
            billing.append(record(BillingRecord.Kind.CREDITS_SPENT, payment.userId(), needed, actor, correlationId));
            writeEvent(SPENT, entry, correlationId);
            Map<String, Object> view = OrderViews.full(order);
            view.put("credits_balance", balance);
            return view;
        });
    }

    /**
     * A credits order refunded: all its credits go back to the user, once (a second refund answers the order as it
     * is). Under the order's row lock.
     */
    public Map<String, Object> returnCredits(@Variable(RouteVariables.REQUEST) OrderRefund refund,
                                             @Variable(RouteVariables.PRINCIPAL) String actor,
                                             @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        UUID orderId = refund.order().id();
        return db.inTransaction(() -> {
            OrderRow order = orders.lock(orderId).orElseThrow();
            String userId = order.userId();
            if (!OrderRow.REFUNDED.equals(order.status())) {
                long credits = order.totalCredits();
                long balance = add(userId, credits);
                CreditEntryRow entry = entry(UUID.randomUUID(), userId, "return", credits, balance, orderId,
                        refund.reason() != null ? refund.reason() : "order " + orderId + " refunded", actor, correlationId);
                billing.append(record(BillingRecord.Kind.CREDITS_RETURNED, userId, credits, actor, correlationId));
                writeEvent(RETURNED, entry, correlationId);
                order = orders.markCreditsReturned(orderId, correlationId);
            }
            Map<String, Object> view = OrderViews.full(order);
            view.put("credits_balance", balance(userId));
            return view;
        });
    }

    /** The refund a card order's refund becomes: through the one refund route, with our operation id as its id. */
    public RefundCommand refundCommand(@Variable(RouteVariables.REQUEST) OrderRefund refund,
                                       @Variable(RouteVariables.OPERATION_ID) UUID refundId,
                                       @Variable(RouteVariables.PRINCIPAL) String actor,
                                       @Header(RouteVariables.CORRELATION_ID) String correlationId) {
        Map<String, String> metadata = Map.of("order_id", refund.order().id().toString());
        return new RefundCommand(refundId, refund.order().paymentId(), refund.amount(),
                refund.reason(), metadata, correlationId, actor == null ? "unknown" : actor, "storefront");
    }

    /** A card order after its refund: the order as it is now, with the refund. */
    public Map<String, Object> refundedCardOrder(@Variable(RouteVariables.REQUEST) OrderRefund refund,
                                                 @Variable("refund") RefundRow refundRow) {
        Map<String, Object> view = OrderViews.full(orders.require(refund.order().id().toString()));
        view.put("refund", RefundViews.of(refundRow));
        return view;
    }

    /** GET /api/v1/users/{user_id}/credits. */
    public Map<String, Object> account(@Header("user_id") String userId) {
        requireUserId(userId);
        List<Map<String, Object>> entries = new ArrayList<>();
        db.query("credits/list-entries", Map.of("userId", userId, "limit", ENTRIES_SHOWN))
                .forEach(e -> entries.add(entryView(CreditEntryRow.of(e))));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("user_id", userId);
        view.put("balance", balance(userId));
        view.put("entries", entries);
        return view;
    }

    public long balance(String userId) {
        return db.queryOne("credits/balance", Map.of("userId", userId)).map(r -> ((Number) r.get("balance")).longValue()).orElse(0L);
    }

    private long add(String userId, long credits) {
        return ((Number) db.queryOne("credits/add", Map.of("userId", userId, "credits", credits)).orElseThrow().get("balance")).longValue();
    }

    private CreditEntryRow entry(UUID id, String userId, String kind, long credits, long balanceAfter, UUID orderId,
                                      String reason, String actor, String correlationId) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id.toString());
        params.put("userId", userId);
        params.put("kind", kind);
        params.put("credits", credits);
        params.put("balanceAfter", balanceAfter);
        params.put("orderId", orderId == null ? null : orderId.toString());
        params.put("reason", reason);
        params.put("actor", actor == null || actor.isBlank() ? BillingRecords.SYSTEM : actor);
        params.put("correlationId", correlationId);
        db.update("credits/insert-entry", params);
        return db.queryOne("credits/select-entry", Map.of("id", id.toString())).map(CreditEntryRow::of).orElseThrow();
    }

    static Map<String, Object> entryView(CreditEntryRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id().toString());
        view.put("user_id", row.userId());
        view.put("kind", row.kind());
        view.put("credits", row.credits());
        view.put("balance_after", row.balanceAfter());
        view.put("order_id", row.orderId() == null ? null : row.orderId().toString());
        view.put("reason", row.reason());
        view.put("actor", row.actor());
        view.put("created_at", PaymentViews.timestamp(row.createdAt()));
        return view;
    }

    private static BillingRecord record(BillingRecord.Kind kind, String userId, long credits, String actor, String correlationId) {
        return new BillingRecord(kind, null, null, null, null, null, userId, credits, BillingRecord.CREDITS,
                actor == null || actor.isBlank() ? BillingRecords.SYSTEM : actor, correlationId);
    }

    private void writeEvent(String type, CreditEntryRow entry, String correlationId) {
        Map<String, Object> fields = entryView(entry);
        fields.put("entry_id", fields.remove("id"));
        outbox.write(type, entry.userId(), correlationId, fields);
    }

    private static void requireUserId(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 500) {
            throw Refusal.unprocessable("user_id", "user_id must be 1 to 500 characters");
        }
    }
}
