package dev.payroute.verifications;

import dev.payroute.domain.Refusal;
import dev.payroute.http.HttpReplies;
import dev.payroute.payments.Paging;
import dev.payroute.sql.Database;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Payment verification records (the event billing service's feature): one per payment and
 * observed outcome. Canonical views and the event billing service's documented shapes.
 */
public final class VerificationRecords {

    private final Database db;
    private final HttpReplies replies;

    public VerificationRecords(Database db, HttpReplies replies) {
        this.db = db;
        this.replies = replies;
    }

    /**
     * GET /api/events/verify-payment in the documented shape; total_paid in minor units, what the event's succeeded
     * payments hold now (less refunds), per currency in currencies and at the top when there is one. Takes Exchange:
     * it writes the reply, including the service's own 400 shape for missing parameters.
     */
    public void verifyPayment(Exchange exchange) {
        String eventId = blankToNull(exchange.getMessage().getHeader("event_id", String.class));
        String organizerId = blankToNull(exchange.getMessage().getHeader("organizer_id", String.class));
        if (eventId == null || organizerId == null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("success", false);
            error.put("error", "Missing event_id and/or organizer_id parameter");
            replies.reply(exchange, 400, "application/json", error);
            return;
        }
        List<VerificationRow> rows = db.query("verifications/for-event", Map.of("eventId", eventId, "organizerId", organizerId))
                .stream().map(VerificationRow::of).toList();
        long succeeded = rows.stream().filter(row -> "SUCCEEDED".equals(row.status())).count();
        List<Map<String, Object>> currencies = new ArrayList<>();
        for (Map<String, Object> total : db.query("verifications/event-totals", Map.of("eventId", eventId, "organizerId", organizerId))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("currency", total.get("currency"));
            entry.put("total_paid", ((Number) total.get("total_paid")).longValue());
            currencies.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("event_id", eventId);
        body.put("is_paid", !currencies.isEmpty());
        // One currency: its total. Several: no total (amounts in different currencies do not add up); see currencies.
        switch (currencies.size()) {
            case 0 -> {
                body.put("total_paid", 0L);
                body.put("currency", rows.isEmpty() ? null : rows.get(0).currency());
            }
            case 1 -> {
                body.put("total_paid", currencies.get(0).get("total_paid"));
                body.put("currency", currencies.get(0).get("currency"));
            }
            default -> {
                body.put("total_paid", null);
                body.put("currency", null);
            }
        }
        body.put("verification_count", rows.size());
        body.put("successful_payment_count", succeeded);
        body.put("latest_payment", rows.isEmpty() ? null : rows.get(0).view());
        body.put("currencies", currencies);
        replies.reply(exchange, 200, "application/json", body);
    }

    /** Canonical list: {"items","page","page_size","total"}, filtered by the query parameters. */
    public Map<String, Object> list(@Header("payment_id") String paymentId, @Header("event_id") String eventId,
                                    @Header("user_id") String userId, @Header("organizer_id") String organizerId,
                                    @Header("page") String pageParameter, @Header("page_size") String pageSizeParameter) {
        Paging.Request request = Paging.request(pageParameter, pageSizeParameter);
        int page = request.page();
        int pageSize = request.pageSize();
        Map<String, Object> params = new HashMap<>();
        params.put("paymentId", blankToNull(paymentId));
        params.put("eventId", blankToNull(eventId));
        params.put("userId", blankToNull(userId));
        params.put("organizerId", blankToNull(organizerId));
        params.put("limit", pageSize);
        params.put("offset", (page - 1) * pageSize);
        List<Map<String, Object>> rows = db.query("verifications/list", params);
        List<Map<String, Object>> items = new ArrayList<>();
        rows.forEach(row -> items.add(VerificationRow.of(row).view()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("page", page);
        out.put("page_size", pageSize);
        out.put("total", rows.isEmpty() ? 0L : ((Number) rows.get(0).get("total_count")).longValue());
        return out;
    }

    /** The event billing service's /payment-verifications/api: the same records with success and verifications keys. */
    public Map<String, Object> listCompat(@Body Map<String, Object> page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("verifications", page.get("items"));
        body.put("page", page.get("page"));
        body.put("page_size", page.get("page_size"));
        body.put("total", page.get("total"));
        return body;
    }

    /** The event billing service's readable list (UI endpoint): an HTML table, values escaped. */
    public String listHtml(@Body Map<String, Object> page) {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Payment verifications</title>"
                + "<style>body{font-family:sans-serif}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}</style>"
                + "</head><body><h1>Payment verifications</h1><p>")
                .append(page.get("total")).append(" records</p><table><tr>");
        List<String> columns = List.of("created_at", "status", "amount", "currency", "event_id", "organizer_id", "user_id",
                "payment_id", "payment_intent_id", "source");
        columns.forEach(c -> html.append("<th>").append(escape(c)).append("</th>"));
        html.append("</tr>");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        for (Map<String, Object> item : items) {
            html.append("<tr>");
            columns.forEach(c -> html.append("<td>").append(escape(String.valueOf(item.get(c)))).append("</td>"));
            html.append("</tr>");
        }
        html.append("</table></body></html>");
        return html.toString();
    }

    public Map<String, Object> get(@Header("id") String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Refusal.notFound("no verification record " + id);
        }
        Map<String, Object> row = db.queryOne("verifications/select-by-id", Map.of("id", id))
                .orElseThrow(() -> Refusal.notFound("no verification record " + id));
        return VerificationRow.of(row).view();
    }


    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String escape(String s) {
        return dev.payroute.http.Html.escape(s);
    }
}
