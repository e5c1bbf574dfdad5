package dev.payroute.storefront;

import dev.payroute.payments.Paging;
import dev.payroute.payments.PaymentViews;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How an order row is shown: GET /api/v1/orders/{id}, the user's list, the order.* events. */
public final class OrderViews {

    public static Map<String, Object> full(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id").toString());
        view.put("object", "order");
        view.put("user_id", row.get("user_id"));
        view.put("status", row.get("status"));
        view.put("paid_with", row.get("paid_with"));
        view.put("payment_id", row.get("payment_id") == null ? null : row.get("payment_id").toString());
        view.put("checkout_session_id", row.get("checkout_session_id"));
        view.put("items", OrderStore.items(row.get("items")));
        view.put("total_cents", ((Number) row.get("total_cents")).longValue());
        view.put("currency", row.get("currency"));
        view.put("total_credits", row.get("total_credits") == null ? null : ((Number) row.get("total_credits")).longValue());
        view.put("amount_refunded", ((Number) row.get("amount_refunded")).longValue());
        view.put("credits_returned", ((Number) row.get("credits_returned")).longValue());
        view.put("created_at", PaymentViews.timestamp(row.get("created_at")));
        view.put("updated_at", PaymentViews.timestamp(row.get("updated_at")));
        return view;
    }

    /** A page of orders from the rows of sql/storefront/list-orders-by-user.sql. */
    public Object toPage(@Body List<Map<String, Object>> rows, @Header("page") int page, @Header("page_size") int pageSize) {
        List<Object> items = new ArrayList<>();
        rows.forEach(row -> items.add(full(row)));
        return Paging.page(items, rows, page, pageSize);
    }
}
