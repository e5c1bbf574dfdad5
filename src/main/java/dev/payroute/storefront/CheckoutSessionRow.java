package dev.payroute.storefront;

import dev.payroute.sql.Database;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One row of table checkout_sessions (migrations V2, V10) with its cart's order id, as the code reads it: the
 * session as payroute created it and as its webhooks or reconciliation last reported it.
 */
public record CheckoutSessionRow(String id, String status, String paymentStatus, String paymentIntentId, Long amountTotal,
                                 String currency, String customerEmail, String userId, UUID paymentId, UUID orderId,
                                 String url, Instant expiresAt, String successUrl, String cancelUrl, Instant createdAt) {

    public static CheckoutSessionRow of(Map<String, Object> columns) {
        return new CheckoutSessionRow(
                (String) columns.get("stripe_session_id"),
                (String) columns.get("status"),
                (String) columns.get("payment_status"),
                (String) columns.get("payment_intent_id"),
                columns.get("amount_total") == null ? null : ((Number) columns.get("amount_total")).longValue(),
                (String) columns.get("currency"),
                (String) columns.get("customer_email"),
                (String) columns.get("user_id"),
                (UUID) columns.get("payment_id"),
                (UUID) columns.get("order_id"),
                (String) columns.get("url"),
                columns.get("expires_at") == null ? null : Database.instant(columns.get("expires_at")),
                (String) columns.get("success_url"),
                (String) columns.get("cancel_url"),
                Database.instant(columns.get("created_at")));
    }
}
