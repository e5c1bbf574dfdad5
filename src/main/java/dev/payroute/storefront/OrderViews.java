package dev.payroute.storefront;

import dev.payroute.domain.Cart;
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

    public static Map<String, Object> full(OrderRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id().toString());
        view.put("object", "order");
        view.put("user_id", row.userId());
        view.put("status", row.status());
        view.put("paid_with", row.paidWith());
        view.put("payment_id", row.paymentId() == null ? null : row.paymentId().toString());
        view.put("checkout_session_id", row.checkoutSessionId());
        view.put("items", row.items().stream().map(Cart.Item::view).toList());
        view.put("total_cents", row.totalCents());
        view.put("currency", row.currency());
        view.put("total_credits", row.totalCredits());
        view.put("amount_refunded", row.amountRefunded());
        view.put("credits_returned", row.creditsReturned());
        view.put("created_at", PaymentViews.timestamp(row.createdAt()));
        view.put("updated_at", PaymentViews.timestamp(row.updatedAt()));
        return view;
    }

    /** A page of orders from the rows of sql/storefront/list-orders-by-user.sql. */
    public Object toPage(@Body List<Map<String, Object>> rows, @Header("page") int page, @Header("page_size") int pageSize) {
        List<Object> items = new ArrayList<>();
        rows.forEach(row -> items.add(full(OrderRow.of(row))));
        return Paging.page(items, rows, page, pageSize);
    }
}
