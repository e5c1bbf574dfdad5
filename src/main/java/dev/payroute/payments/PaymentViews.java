package dev.payroute.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.payroute.http.HttpReplies;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a payment row is shown: in full to API callers, and reduced for polling by reference. */
public final class PaymentViews {

    private PaymentViews() {
    }

    public static Map<String, Object> full(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id").toString());
        view.put("object", "payment");
        view.put("reference", row.get("reference"));
        view.put("status", row.get("status"));
        view.put("amount", row.get("amount"));
        view.put("amount_received", row.get("amount_received"));
        view.put("amount_refunded", row.get("amount_refunded"));
        view.put("currency", row.get("currency"));
        view.put("description", row.get("description"));
        for (String ref : List.of("order_id", "booking_id", "user_id", "guest_id", "event_id", "organizer_id", "payee_id")) {
            view.put(ref, row.get(ref));
        }
        view.put("metadata", metadata(row.get("metadata")));
        view.put("capture_method", row.get("capture_method"));
        view.put("payment_intent_id", row.get("payment_intent_id"));
        view.put("card", card(row));
        view.put("failure", failure(row));
        view.put("livemode", row.get("livemode"));
        view.put("created_at", timestamp(row.get("created_at")));
        view.put("updated_at", timestamp(row.get("updated_at")));
        return view;
    }

    /** Safe to poll from a browser: status and amounts, card brand and last 4 at most. */
    public static Map<String, Object> polling(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("reference", row.get("reference"));
        view.put("status", row.get("status"));
        view.put("amount", row.get("amount"));
        view.put("amount_received", row.get("amount_received"));
        view.put("amount_refunded", row.get("amount_refunded"));
        view.put("currency", row.get("currency"));
        view.put("card", card(row));
        view.put("failure_code", row.get("failure_code"));
        view.put("updated_at", timestamp(row.get("updated_at")));
        return view;
    }

    /** A canonical list page from rows that carry count(*) OVER () as total_count. */
    public static Map<String, Object> page(List<Map<String, Object>> rows, int page, int pageSize) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            items.add(full(row));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("items", items);
        view.put("page", page);
        view.put("page_size", pageSize);
        view.put("total", rows.isEmpty() ? 0L : ((Number) rows.get(0).get("total_count")).longValue());
        return view;
    }

    /** What a client needs for 3-D Secure: the kind of action and where to send the customer. */
    public static Map<String, Object> nextAction(dev.payroute.stripe.IntentSnapshot intent) {
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("type", intent.nextActionType());
        next.put("redirect_url", intent.nextActionUrl());
        return next;
    }

    private static Map<String, Object> card(Map<String, Object> row) {
        if (row.get("card_last4") == null) {
            return null;
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("brand", row.get("card_brand"));
        card.put("last4", row.get("card_last4"));
        return card;
    }

    private static Map<String, Object> failure(Map<String, Object> row) {
        if (row.get("failure_code") == null) {
            return null;
        }
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("code", row.get("failure_code"));
        failure.put("message", row.get("failure_message"));
        return failure;
    }

    private static Map<String, String> metadata(Object json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return HttpReplies.JSON.readValue(json.toString(), new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON", e);
        }
    }

    public static String timestamp(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.withOffsetSameInstant(ZoneOffset.UTC).toString();
        }
        if (value instanceof java.sql.Timestamp time) {
            return time.toInstant().toString();
        }
        return value == null ? null : value.toString();
    }
}
