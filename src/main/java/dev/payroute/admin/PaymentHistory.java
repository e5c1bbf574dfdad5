package dev.payroute.admin;

import dev.payroute.sql.Database;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.payroute.admin.AdminLayout.badge;
import static dev.payroute.admin.AdminLayout.money;
import static dev.payroute.admin.AdminLayout.shortText;
import static dev.payroute.admin.AdminLayout.text;
import static dev.payroute.admin.AdminLayout.time;

/**
 * One payment's whole history in time order: state changes applied and refused (payment_transitions), the
 * Stripe webhook events about its intent and its refunds (type, id, status, times: never the payload), the
 * outbox events it caused with their publish times per broker, its billing records and its refunds. Stripe
 * calls are not kept one by one: the payment's pending operation (attempts, last error) and the Stripe ids of
 * the intent and refunds stand for them.
 */
final class PaymentHistory {

    private record Entry(Instant at, int order, String kind, String what, String detail) {
    }

    private PaymentHistory() {
    }

    static String render(Database db, Map<String, Object> p) {
        String id = String.valueOf(p.get("id"));
        Object currency = p.get("currency");
        StringBuilder html = new StringBuilder("<dl class=\"meta\" id=\"payment-summary\">");
        meta(html, "Status", badge(p.get("status")));
        meta(html, "Amount", text(money(p.get("amount"), currency)));
        meta(html, "Received", text(money(p.get("amount_received"), currency)));
        meta(html, "Refunded", text(money(p.get("amount_refunded"), currency)));
        meta(html, "Reference", text(p.get("reference")));
        meta(html, "Capture", text(p.get("capture_method")));
        meta(html, "Order", text(p.get("order_id")));
        meta(html, "Booking", text(p.get("booking_id")));
        meta(html, "User", text(p.get("user_id")));
        meta(html, "Guest", text(p.get("guest_id")));
        meta(html, "Stripe intent", "<span class=\"mono\">" + text(p.get("payment_intent_id")) + "</span>");
        if (p.get("failure_code") != null) {
            meta(html, "Failure", text(p.get("failure_code")) + " " + shortText(p.get("failure_message"), 200));
        }
        if (p.get("operation") != null) {
            meta(html, "Stripe operation in progress", text(p.get("operation")) + ", " + text(p.get("operation_attempts"))
                    + " attempts, next by " + time(p.get("operation_until")) + " " + shortText(p.get("operation_error"), 200));
        }
        meta(html, "Created (UTC)", time(p.get("created_at")));
        meta(html, "Updated (UTC)", time(p.get("updated_at")));
        html.append("</dl>");

        List<Entry> entries = new ArrayList<>();
        for (Map<String, Object> t : db.query("payments/list-transitions", Map.of("id", id))) {
            String outcome = String.valueOf(t.get("outcome"));
            entries.add(new Entry(Database.instant(t.get("occurred_at")), 0, "transition",
                    "State " + text(outcome.toLowerCase(java.util.Locale.ROOT)) + ": " + text(t.get("from_status")) + " → " + text(t.get("to_status")),
                    badge(outcome) + " source " + text(t.get("source")) + (t.get("reason") == null ? "" : ", " + shortText(t.get("reason"), 200))));
        }
        Map<String, Object> byIntent = new HashMap<>();
        byIntent.put("id", id);
        byIntent.put("intentId", p.get("payment_intent_id"));
        for (Map<String, Object> w : db.query("admin/payment-webhook-events", byIntent)) {
            entries.add(new Entry(Database.instant(w.get("received_at")), 1, "webhook",
                    "Webhook " + text(w.get("event_type")),
                    "<span class=\"mono\">" + text(w.get("stripe_event_id")) + "</span> " + badge(w.get("status")) + " "
                            + text(w.get("outcome")) + (w.get("processed_at") == null ? "" : ", processed " + time(w.get("processed_at")))));
        }
        for (Map<String, Object> o : db.query("admin/payment-outbox-events", Map.of("id", id))) {
            entries.add(new Entry(Database.instant(o.get("created_at")), 2, "outbox",
                    "Event " + text(o.get("event_type")),
                    "<span class=\"mono\">" + text(o.get("event_id")) + "</span> Kafka " + published(o.get("kafka_published_at"))
                            + ", RabbitMQ " + published(o.get("rabbit_published_at"))));
        }
        for (Map<String, Object> b : db.query("admin/payment-billing-records", Map.of("id", id))) {
            entries.add(new Entry(Database.instant(b.get("created_at")), 3, "billing",
                    "Billing record " + text(b.get("kind")),
                    text(money(b.get("amount"), b.get("currency"))) + ", actor " + text(b.get("actor"))
                            + (b.get("refund_id") == null ? "" : ", refund " + text(b.get("refund_id")))));
        }
        for (Map<String, Object> r : db.query("refunds/list-by-payment", Map.of("paymentId", id, "limit", 200, "offset", 0))) {
            entries.add(new Entry(Database.instant(r.get("created_at")), 4, "refund",
                    "Refund " + text(money(r.get("amount"), r.get("currency"))),
                    badge(r.get("status")) + " <span class=\"mono\">" + text(r.get("id")) + "</span>"
                            + (r.get("reason") == null ? "" : ", " + shortText(r.get("reason"), 120))
                            + (r.get("failure_reason") == null ? "" : ", failed: " + shortText(r.get("failure_reason"), 120))
                            + ", updated " + time(r.get("updated_at"))));
        }
        entries.sort(Comparator.comparing(Entry::at).thenComparingInt(Entry::order));

        html.append("<h2>History</h2><ol class=\"timeline\" id=\"history\">");
        for (Entry e : entries) {
            html.append("<li class=\"h-").append(e.kind()).append("\" data-kind=\"").append(e.kind()).append("\"><time>")
                    .append(time(java.sql.Timestamp.from(e.at()))).append("</time><span class=\"kind\">").append(e.kind())
                    .append("</span><strong>").append(e.what()).append("</strong><span class=\"detail\">").append(e.detail())
                    .append("</span></li>");
        }
        html.append("</ol>");
        if (entries.isEmpty()) {
            html.append("<p class=\"empty\">Nothing recorded for this payment yet.</p>");
        }
        html.append("<p class=\"note\">Published outbox events are deleted by housekeeping after a while; webhook payloads, ")
                .append("the client secret and card details are never shown.</p>");
        return html.toString();
    }

    private static void meta(StringBuilder html, String label, String value) {
        html.append("<dt>").append(label).append("</dt><dd>").append(value).append("</dd>");
    }

    private static String published(Object at) {
        return at == null ? "<span class=\"badge b-pending\">waiting</span>" : "published " + time(at);
    }
}
