package dev.payroute.escrow;

import dev.payroute.domain.Money;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.http.HttpReplies;
import dev.payroute.payments.PaymentViews;
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

    public CampusGViews(UserHistory history) {
        this.history = history;
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

    public static BigDecimal decimal(long minorUnits, String currency) {
        return BigDecimal.valueOf(minorUnits, Money.fractionDigits(currency));
    }

    /** Marks the exchange so error replies also carry CampusG's success/error keys. */
    public void legacyErrors(Exchange exchange) {
        exchange.setProperty("payrouteLegacyErrorFields", true);
    }

    public void authorized(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = exchange.getMessage().getBody(Map.class);
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
        HttpReplies.write(exchange, failed ? 402 : 200, "application/json", body);
    }

    public void released(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = exchange.getMessage().getBody(Map.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("description", "Funds released to runner successfully");
        body.put("status", status((String) view.get("status")));
        body.put("runnerId", view.get("payee_id"));
        HttpReplies.write(exchange, 200, "application/json", body);
    }

    /** The guide documents status FAILED in the revert reply; the status endpoints say REVERTED. */
    public void reverted(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("description", "Payment reverted successfully");
        body.put("status", "FAILED");
        HttpReplies.write(exchange, 200, "application/json", body);
    }

    /** {"success": true, "payment": {...}} for /status and /details. */
    public void payment(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("paymentId", row.get("external_payment_id") != null ? row.get("external_payment_id") : row.get("id").toString());
        payment.put("orderId", row.get("order_id"));
        payment.put("customerId", row.get("user_id"));
        payment.put("runnerId", row.get("payee_id"));
        payment.put("amount", decimal(((Number) row.get("amount")).longValue(), (String) row.get("currency")));
        payment.put("status", status((String) row.get("status")));
        payment.put("description", row.get("description"));
        payment.put("paymentIntentId", row.get("payment_intent_id"));
        payment.put("createdAt", PaymentViews.timestamp(row.get("created_at")));
        payment.put("updatedAt", PaymentViews.timestamp(row.get("updated_at")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("payment", payment);
        HttpReplies.write(exchange, 200, "application/json", body);
    }

    /** GET /history/{user_id}: {userId, totalSpent, totalEarned, spentCount, earnedCount}, amounts in dollars. */
    public void history(Exchange exchange) {
        UserHistory.Totals t = history.totals(exchange.getMessage().getHeader("user_id", String.class));
        String currency = t.currency() == null ? "usd" : t.currency();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", t.userId());
        body.put("totalSpent", decimal(t.totalSpent(), currency));
        body.put("totalEarned", decimal(t.totalEarned(), currency));
        body.put("spentCount", t.spentCount());
        body.put("earnedCount", t.earnedCount());
        HttpReplies.write(exchange, 200, "application/json", body);
    }
}
