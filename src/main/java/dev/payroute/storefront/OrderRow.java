package dev.payroute.storefront;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.payroute.domain.Cart;
import dev.payroute.json.Json;
import dev.payroute.sql.Database;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One row of table orders (migrations V10, V14), as the code reads it. */
public record OrderRow(
        UUID id,
        String userId,
        String status,
        String paidWith,
        UUID paymentId,
        String checkoutSessionId,
        List<Cart.Item> items,
        long totalCents,
        String currency,
        Long totalCredits,
        long amountRefunded,
        long creditsReturned,
        String correlationId,
        Instant createdAt,
        Instant updatedAt) {

    public static final String PAID = "PAID";
    public static final String REFUNDED = "REFUNDED";
    public static final String CREDITS = "credits";

    private static final TypeReference<List<Map<String, Object>>> ITEMS = new TypeReference<>() { };

    public boolean paidWithCredits() {
        return CREDITS.equals(paidWith);
    }

    public static OrderRow of(Map<String, Object> columns) {
        return new OrderRow(
                (UUID) columns.get("id"),
                (String) columns.get("user_id"),
                (String) columns.get("status"),
                (String) columns.get("paid_with"),
                (UUID) columns.get("payment_id"),
                (String) columns.get("checkout_session_id"),
                Json.read(columns.get("items").toString(), ITEMS).stream().map(OrderRow::item).toList(),
                ((Number) columns.get("total_cents")).longValue(),
                (String) columns.get("currency"),
                columns.get("total_credits") == null ? null : ((Number) columns.get("total_credits")).longValue(),
                ((Number) columns.get("amount_refunded")).longValue(),
                ((Number) columns.get("credits_returned")).longValue(),
                (String) columns.get("correlation_id"),
                Database.instant(columns.get("created_at")),
                Database.instant(columns.get("updated_at")));
    }

    /** An item as {@link Cart#itemsJson()} stored it. */
    private static Cart.Item item(Map<String, Object> stored) {
        Object credits = stored.get("credits");
        return new Cart.Item((String) stored.get("book_id"), ((Number) stored.get("quantity")).longValue(),
                ((Number) stored.get("price_cents")).longValue(), credits == null ? null : ((Number) credits).longValue(),
                (String) stored.get("title"));
    }
}
