package dev.payroute.ops;

import dev.payroute.http.HttpReplies;
import dev.payroute.messaging.OutboxStatus;
import dev.payroute.sql.Database;
import dev.payroute.webhooks.WebhookStats;
import org.apache.camel.Exchange;

import java.util.Map;

/**
 * GET /metrics in Prometheus' text format: the outbox backlog, payments per status, open dead
 * letters (shared state, from the database) and this instance's webhook counters.
 */
public final class PrometheusMetrics {

    private final Database db;
    private final OutboxStatus outbox;
    private final WebhookStats webhooks;

    public PrometheusMetrics(Database db, OutboxStatus outbox, WebhookStats webhooks) {
        this.db = db;
        this.outbox = outbox;
        this.webhooks = webhooks;
    }

    public void scrape(Exchange exchange) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> backlog = outbox.summary();
        help(out, "payroute_outbox_backlog", "Events not yet published, per destination", "gauge");
        out.append("payroute_outbox_backlog{destination=\"kafka\"} ").append(backlog.get("kafka_backlog")).append('\n');
        out.append("payroute_outbox_backlog{destination=\"rabbitmq\"} ").append(backlog.get("rabbit_backlog")).append('\n');
        help(out, "payroute_outbox_oldest_unpublished_seconds", "Age of the oldest event a configured destination waits for", "gauge");
        out.append("payroute_outbox_oldest_unpublished_seconds ").append(backlog.get("oldest_unpublished_seconds")).append('\n');
        help(out, "payroute_payments", "Payments per status", "gauge");
        for (Map<String, Object> row : db.query("ops/payments-by-status", Map.of())) {
            out.append("payroute_payments{status=\"").append(row.get("status")).append("\"} ").append(row.get("payments")).append('\n');
        }
        help(out, "payroute_dead_letters_open", "Webhook dead letters not yet replayed", "gauge");
        out.append("payroute_dead_letters_open ").append(db.queryOne("ops/open-dead-letters", Map.of()).orElseThrow()
                .get("open_dead_letters")).append('\n');
        help(out, "payroute_webhook_events_total", "Webhook requests seen by this instance, by outcome", "counter");
        webhooks.snapshot().forEach((name, value) ->
                out.append("payroute_webhook_events_total{outcome=\"").append(name).append("\"} ").append(value).append('\n'));
        HttpReplies.write(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", out.toString());
    }

    private static void help(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
