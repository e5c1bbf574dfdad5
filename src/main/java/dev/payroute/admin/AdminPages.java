package dev.payroute.admin;

import dev.payroute.RouteVariables;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.domain.Refusal;
import dev.payroute.http.HttpReplies;
import dev.payroute.http.ProblemPage;
import dev.payroute.payments.Paging;
import dev.payroute.sql.Database;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static dev.payroute.admin.AdminLayout.badge;
import static dev.payroute.admin.AdminLayout.money;
import static dev.payroute.admin.AdminLayout.paymentLink;
import static dev.payroute.admin.AdminLayout.shortText;
import static dev.payroute.admin.AdminLayout.table;
import static dev.payroute.admin.AdminLayout.text;
import static dev.payroute.admin.AdminLayout.time;
import static dev.payroute.http.Html.escape;

/**
 * The admin page (GET /admin and its sections): server-rendered HTML from payroute's own SQL statements. It
 * never renders an API key, a client secret, card data or a webhook payload: only the columns named here.
 */
public final class AdminPages implements ProblemPage {

    private static final List<String> SOURCES = List.of("stripe", "rabbitmq", "kafka");

    private final Database db;
    private final AdminRoutesView routes;

    public AdminPages(Database db, AdminRoutesView routes) {
        this.db = db;
        this.routes = routes;
    }

    /** Takes Exchange: from here on a refusal is answered with the login or error page when HTML was asked for. */
    public void serveAsPage(Exchange exchange) {
        exchange.setVariable(ProblemPage.VARIABLE, this);
    }

    @Override
    public String render(int status, String detail) {
        if (status == 401) {
            return AdminLayout.login("Sign in with an admin API key.");
        }
        if (status == 403) {
            return AdminLayout.login("That key has no admin scope: sign in with an admin API key.");
        }
        return AdminLayout.page("error", "Error " + status, null,
                "<p class=\"error\" id=\"problem\">" + escape(detail) + "</p><p><a href=\"/admin\">Back to the overview</a></p>");
    }

    // ---- overview -------------------------------------------------------------------------------------------

    public String overview(@Variable(RouteVariables.PRINCIPAL) String principal) {
        StringBuilder html = new StringBuilder();
        List<List<String>> statuses = new ArrayList<>();
        for (Map<String, Object> row : db.query("ops/payments-by-status", Map.of())) {
            statuses.add(List.of("<a href=\"/admin/payments?status=" + text(row.get("status")) + "\">" + badge(row.get("status")) + "</a>",
                    text(row.get("payments"))));
        }
        html.append("<div class=\"cards\"><section><h2>Payments by status</h2>");
        table(html, "payments-by-status", List.of("Status", "Payments"), statuses, "No payments yet.");
        html.append("</section><section><h2>Attention</h2><dl class=\"meta\">");
        long open = 0;
        StringBuilder perSource = new StringBuilder();
        for (Map<String, Object> row : db.query("ops/open-dead-letters-by-source", Map.of())) {
            long count = ((Number) row.get("open_dead_letters")).longValue();
            open += count;
            perSource.append(perSource.length() == 0 ? " (" : ", ").append("<a href=\"/admin/dead-letters?source=")
                    .append(text(row.get("source"))).append("\">").append(text(row.get("source"))).append(": ").append(count).append("</a>");
        }
        html.append("<dt>Open dead letters</dt><dd><a href=\"/admin/dead-letters\">").append(open).append("</a>")
                .append(perSource.length() == 0 ? "" : perSource.append(")")).append("</dd>");
        Map<String, Object> backlog = db.queryOne("outbox/backlog", Map.of()).orElse(Map.of());
        html.append("<dt>Outbox backlog (Kafka)</dt><dd>").append(text(backlog.get("kafka_backlog")))
                .append(" events, oldest ").append(text(backlog.get("kafka_oldest_seconds"))).append(" s</dd>")
                .append("<dt>Outbox backlog (RabbitMQ)</dt><dd>").append(text(backlog.get("rabbit_backlog")))
                .append(" events, oldest ").append(text(backlog.get("rabbit_oldest_seconds"))).append(" s</dd></dl></section></div>");
        return AdminLayout.page("overview", "Overview", principal, html);
    }

    // ---- payments -------------------------------------------------------------------------------------------

    public String payments(@Variable(RouteVariables.PRINCIPAL) String principal, @Header("status") String status,
                           @Header("from") String from, @Header("to") String to, @Header("order_id") String orderId,
                           @Header("booking_id") String bookingId, @Header("user_id") String userId,
                           @Header("page") String page, @Header("page_size") String pageSize) {
        Paging.Request request = Paging.request(page, pageSize);
        String statusFilter = blankToNull(status);
        if (statusFilter != null) {
            statusFilter = statusFilter.toUpperCase(Locale.ROOT);
            try {
                PaymentStatus.valueOf(statusFilter);
            } catch (IllegalArgumentException e) {
                throw Refusal.badRequest("status", "status is not a payment status");
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("status", statusFilter);
        params.put("fromDate", date("from", from));
        params.put("toDate", date("to", to));
        params.put("orderId", blankToNull(orderId));
        params.put("bookingId", blankToNull(bookingId));
        params.put("userId", blankToNull(userId));
        params.put("limit", request.pageSize());
        params.put("offset", request.offset());
        List<Map<String, Object>> rows = db.query("admin/payments", params);

        StringBuilder html = new StringBuilder();
        html.append("<form class=\"filters\" method=\"get\" action=\"/admin/payments\"><label>Status <select name=\"status\"><option value=\"\">any</option>");
        for (PaymentStatus s : PaymentStatus.values()) {
            html.append("<option").append(s.name().equals(statusFilter) ? " selected" : "").append('>').append(s.name()).append("</option>");
        }
        html.append("</select></label>");
        filter(html, "From", "from", from, "date");
        filter(html, "To", "to", to, "date");
        filter(html, "Order", "order_id", orderId, "text");
        filter(html, "Booking", "booking_id", bookingId, "text");
        filter(html, "User", "user_id", userId, "text");
        html.append("<button type=\"submit\">Filter</button> <a href=\"/admin/payments\">clear</a></form>");

        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            cells.add(List.of(paymentLink(row.get("id")), badge(row.get("status")), money(row.get("amount"), row.get("currency")),
                    money(row.get("amount_refunded"), row.get("currency")), text(row.get("capture_method")),
                    text(row.get("order_id")), text(row.get("booking_id")), text(row.get("user_id")), time(row.get("created_at"))));
        }
        table(html, "payments", List.of("Payment", "Status", "Amount", "Refunded", "Capture", "Order", "Booking", "User", "Created (UTC)"),
                cells, "No payment matches these filters.");
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", statusFilter);
        query.put("from", from);
        query.put("to", to);
        query.put("order_id", orderId);
        query.put("booking_id", bookingId);
        query.put("user_id", userId);
        query.put("page_size", pageSize);
        AdminLayout.pager(html, "/admin/payments", query, request, AdminLayout.total(rows));
        return AdminLayout.page("payments", "Payments", principal, html);
    }

    public String payment(@Variable(RouteVariables.PRINCIPAL) String principal, @Header("id") String id) {
        UUID paymentId;
        try {
            paymentId = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw Refusal.notFound("no payment " + id);
        }
        Map<String, Object> payment = db.queryOne("payments/select-by-id", Map.of("id", paymentId.toString()))
                .orElseThrow(() -> Refusal.notFound("no payment " + id));
        return AdminLayout.page("payments", "Payment " + paymentId, principal, PaymentHistory.render(db, payment));
    }

    // ---- webhook events, verifications, outbox, dead letters ----------------------------------------------

    public String webhooks(@Variable(RouteVariables.PRINCIPAL) String principal, @Header("page") String page,
                           @Header("page_size") String pageSize) {
        Paging.Request request = Paging.request(page, pageSize);
        List<Map<String, Object>> rows = db.query("webhooks/list-recent", Map.of("limit", request.pageSize(), "offset", request.offset()));
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            cells.add(List.of("<span class=\"mono\">" + text(row.get("stripe_event_id")) + "</span>", text(row.get("event_type")),
                    "<span class=\"mono\">" + text(row.get("object_id")) + "</span>", badge(row.get("status")), text(row.get("outcome")),
                    text(row.get("attempts")), shortText(row.get("last_error"), 160), time(row.get("received_at")), time(row.get("processed_at"))));
        }
        StringBuilder html = new StringBuilder("<p class=\"note\">Stripe events as received, newest first. Payloads are stored sealed and never shown.</p>");
        table(html, "webhook-events", List.of("Event", "Type", "Object", "Status", "Outcome", "Attempts", "Last error", "Received (UTC)", "Processed (UTC)"),
                cells, "No webhook events yet.");
        AdminLayout.pager(html, "/admin/webhooks", Map.of(), request, AdminLayout.total(rows));
        return AdminLayout.page("webhooks", "Webhook events", principal, html);
    }

    public String verifications(@Variable(RouteVariables.PRINCIPAL) String principal, @Header("page") String page,
                                @Header("page_size") String pageSize) {
        Paging.Request request = Paging.request(page, pageSize);
        Map<String, Object> params = new HashMap<>();
        for (String unfiltered : List.of("paymentId", "eventId", "userId", "organizerId")) {
            params.put(unfiltered, null);
        }
        params.put("limit", request.pageSize());
        params.put("offset", request.offset());
        List<Map<String, Object>> rows = db.query("verifications/list", params);
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            cells.add(List.of(paymentLink(row.get("payment_id")), badge(row.get("status")), money(row.get("amount"), row.get("currency")),
                    text(row.get("event_id")), text(row.get("organizer_id")), text(row.get("user_id")), text(row.get("source")),
                    time(row.get("created_at")), time(row.get("archived_at"))));
        }
        StringBuilder html = new StringBuilder();
        table(html, "verifications", List.of("Payment", "Status", "Amount", "Event", "Organizer", "User", "Source", "Created (UTC)", "Archived (UTC)"),
                cells, "No verification records yet.");
        AdminLayout.pager(html, "/admin/verifications", Map.of(), request, AdminLayout.total(rows));
        return AdminLayout.page("verifications", "Verification records", principal, html);
    }

    public String outbox(@Variable(RouteVariables.PRINCIPAL) String principal) {
        Map<String, Object> backlog = db.queryOne("outbox/backlog", Map.of()).orElse(Map.of());
        StringBuilder html = new StringBuilder("<dl class=\"meta\">");
        for (String broker : List.of("kafka", "rabbit")) {
            html.append("<dt>").append(broker.equals("kafka") ? "Kafka (payment_events)" : "RabbitMQ (payment.events)").append("</dt><dd>")
                    .append(text(backlog.get(broker + "_backlog"))).append(" unpublished, ")
                    .append(text(backlog.get(broker + "_in_flight"))).append(" being published, oldest waiting ")
                    .append(text(backlog.get(broker + "_oldest_seconds"))).append(" s</dd>");
        }
        html.append("</dl><h2>Oldest unpublished events (up to 200)</h2>");
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> row : db.query("admin/outbox-unpublished", Map.of("limit", 200))) {
            cells.add(List.of("<span class=\"mono\">" + text(row.get("event_id")) + "</span>", text(row.get("event_type")),
                    aggregate(row.get("aggregate_id")), time(row.get("created_at")), published(row.get("kafka_published_at")),
                    published(row.get("rabbit_published_at"))));
        }
        table(html, "outbox-backlog", List.of("Event", "Type", "Aggregate", "Created (UTC)", "Kafka", "RabbitMQ"), cells,
                "Nothing waiting: every event is published to both brokers.");
        return AdminLayout.page("outbox", "Outbox", principal, html);
    }

    public String deadLetters(@Variable(RouteVariables.PRINCIPAL) String principal, @Header("source") String source,
                              @Header("page") String page, @Header("page_size") String pageSize) {
        Paging.Request request = Paging.request(page, pageSize);
        String only = blankToNull(source);
        if (only != null && !SOURCES.contains(only)) {
            throw Refusal.badRequest("source", "source is one of stripe, rabbitmq, kafka");
        }
        List<Map<String, Object>> rows = db.query("deadletters/list",
                Map.of("source", only == null ? "" : only, "limit", request.pageSize(), "offset", request.offset()));
        StringBuilder html = new StringBuilder("<p class=\"tabs\">Source: ");
        html.append(only == null ? "<strong>all</strong>" : "<a href=\"/admin/dead-letters\">all</a>");
        for (String s : SOURCES) {
            html.append(" · ").append(s.equals(only) ? "<strong>" + s + "</strong>" : "<a href=\"/admin/dead-letters?source=" + s + "\">" + s + "</a>");
        }
        html.append("</p>");
        List<List<String>> cells = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String id = String.valueOf(row.get("id"));
            String action = row.get("replayed_at") == null
                    ? AdminLayout.actionButton("Replay", "/api/v1/admin/dead-letters/" + id + "/replay", "Replay dead letter " + id + "?", null)
                    : "<span class=\"done\">replayed</span>";
            cells.add(List.of(text(id), text(row.get("source")), "<span class=\"mono\">" + text(row.get("reference")) + "</span>",
                    shortText(row.get("reason"), 200), time(row.get("created_at")), time(row.get("replayed_at")),
                    text(row.get("replay_count")), action));
        }
        table(html, "dead-letters", List.of("Id", "Source", "Reference", "Reason", "Dead since (UTC)", "Replayed (UTC)", "Replays", ""),
                cells, "No dead letters.");
        AdminLayout.pager(html, "/admin/dead-letters", only == null ? Map.of() : Map.of("source", only), request, AdminLayout.total(rows));
        return AdminLayout.page("dead-letters", "Dead letters", principal, html);
    }

    public String routes(@Variable(RouteVariables.PRINCIPAL) String principal) {
        return AdminLayout.page("routes", "Routes", principal, routes.render());
    }

    // ---- static assets --------------------------------------------------------------------------------------

    /** Takes Exchange: GET /admin/assets/admin.js or admin.css (no key needed: they hold no data). */
    public void asset(Exchange exchange) {
        String name = exchange.getMessage().getHeader("asset", String.class);
        String type = switch (name == null ? "" : name) {
            case "admin.js" -> "text/javascript; charset=utf-8";
            case "admin.css" -> "text/css; charset=utf-8";
            default -> throw Refusal.notFound("no admin asset " + name);
        };
        try (InputStream in = AdminPages.class.getClassLoader().getResourceAsStream("admin/" + name)) {
            if (in == null) {
                throw Refusal.notFound("no admin asset " + name);
            }
            HttpReplies.write(exchange, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            HttpReplies.securePage(exchange);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static void filter(StringBuilder html, String label, String name, String value, String type) {
        html.append("<label>").append(label).append(" <input type=\"").append(type).append("\" name=\"").append(name)
                .append("\" value=\"").append(escape(value == null ? "" : value)).append("\"></label>");
    }

    private static LocalDate date(String field, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw Refusal.badRequest(field, field + " is a date like 2026-11-29");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String published(Object at) {
        return at == null ? "<span class=\"badge b-pending\">waiting</span>" : time(at);
    }

    private static String aggregate(Object id) {
        String s = String.valueOf(id);
        try {
            UUID.fromString(s);
            return paymentLink(s);
        } catch (IllegalArgumentException notAPayment) {
            return "<span class=\"mono\">" + text(s) + "</span>";
        }
    }
}
