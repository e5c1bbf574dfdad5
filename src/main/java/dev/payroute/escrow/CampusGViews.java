package dev.payroute.escrow;

import dev.payroute.domain.Money;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.http.HttpReplies;
import dev.payroute.payments.PaymentRow;
import dev.payroute.payments.PaymentViews;
import dev.payroute.stripe.IntentSnapshot;
import org.apache.camel.Exchange;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CampusG services' documented response shapes (campusg-payment-guide.md and
 * campusg-payment-service.md): camelCase keys, amounts as decimal dollars, their status words.
 */
public final class CampusGViews {

    private final UserHistory history;
    private final HttpReplies replies;

    public CampusGViews(UserHistory history, HttpReplies replies) {
        this.history = history;
        this.replies = replies;
    }

    /** Canonical status → the CampusG word (README "Status words of the compatibility routes"). */
    public static String status(String canonical) {
        switch (PaymentStatus.valueOf(canonical)) {
            case PENDING:
            case PROCESSING:
                return "INITIATING";
            case CANCELED:
            case REFUNDED:
                return "REVERTED";
            case PARTIALLY_REFUNDED:
                return "SUCCEEDED";
            default:
                return canonical;
        }
    }

    /** The payment's CampusG word: a payment transferred to its runner stays RELEASED when part of it is refunded. */
    static String status(PaymentRow row) {
        if (row.status() == PaymentStatus.PARTIALLY_REFUNDED && row.transferId() != null) {
            return "RELEASED";
        }
        return status(row.status().name());
    }

    public static BigDecimal decimal(long minorUnits, String currency) {
        return BigDecimal.valueOf(minorUnits, Money.fractionDigits(currency));
    }

    /** Takes Exchange, as every reply here: it writes the reply for the payment row in the body. */
    public void authorized(Exchange exchange) {
        Map<String, Object> view = EscrowViews.view(exchange.getMessage().getBody(PaymentRow.class),
                exchange.getVariable("intent", IntentSnapshot.class));
        String status = (String) view.get("status");
        Map<String, Object> body = new LinkedHashMap<>();
        boolean failed = status.equals("FAILED");
        body.put("success", !failed);
        body.put("description", switch (status) {
            case "AUTHORIZED" -> "Payment authorized successfully and held in escrow";
            case "REQUIRES_ACTION" -> "Payment requires additional authentication";
            case "FAILED" -> "Payment failed: " + (view.get("failure") instanceof Map<?, ?> f ? f.get("message") : "declined");
            default -> "Payment is " + status(status).toLowerCase();
        });
        body.put("paymentId", view.get("external_payment_id") != null ? view.get("external_payment_id") : view.get("id"));
        body.put("paymentIntentId", view.get("payment_intent_id"));
        body.put("status", status(status));
        if (view.containsKey("client_secret")) {
            body.put("clientSecret", view.get("client_secret"));
        }
        replies.reply(exchange, failed ? 402 : 200, "application/json", body);
    }

    public void released(Exchange exchange) {
        PaymentRow row = exchange.getMessage().getBody(PaymentRow.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("description", "Funds released to runner successfully");
        body.put("status", status(row));
        body.put("runnerId", row.payeeId());
        replies.reply(exchange, 200, "application/json", body);
    }

    /** The guide documents status FAILED in the revert reply; the status endpoints say REVERTED. */
    public void reverted(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("description", "Payment reverted successfully");
        body.put("status", "FAILED");
        replies.reply(exchange, 200, "application/json", body);
    }

    /** {"success": true, "payment": {...}} for /status and /details. */
    public void payment(Exchange exchange) {
        PaymentRow row = exchange.getMessage().getBody(PaymentRow.class);
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("paymentId", row.externalPaymentId() != null ? row.externalPaymentId() : row.id().toString());
        payment.put("orderId", row.orderId());
        payment.put("customerId", row.userId());
        payment.put("runnerId", row.payeeId());
        payment.put("amount", decimal(row.amount(), row.currency()));
        payment.put("status", status(row));
        payment.put("description", row.description());
        payment.put("paymentIntentId", row.paymentIntentId());
        payment.put("createdAt", PaymentViews.timestamp(row.createdAt()));
        payment.put("updatedAt", PaymentViews.timestamp(row.updatedAt()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("payment", payment);
        replies.reply(exchange, 200, "application/json", body);
    }

    /**
     * GET /history/{user_id}: {userId, totalSpent, totalEarned, spentCount, earnedCount}, amounts in dollars (in
     * the one currency of the user's payments). The shape has no currency, so payments in several currencies are
     * refused (409 several-currencies) rather than added up: the canonical history answers them per currency.
     */
    public void history(Exchange exchange) {
        UserHistory.Totals t = history.totals(exchange.getMessage().getHeader("user_id", String.class));
        if (t.severalCurrencies()) {
            throw UserHistory.severalCurrencies(t);
        }
        String currency = t.currency() == null ? "usd" : t.currency();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", t.userId());
        body.put("totalSpent", decimal(t.totalSpent(), currency));
        body.put("totalEarned", decimal(t.totalEarned(), currency));
        body.put("spentCount", t.spentCount());
        body.put("earnedCount", t.earnedCount());
        replies.reply(exchange, 200, "application/json", body);
    }
}
