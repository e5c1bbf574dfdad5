package dev.payroute.webhooks;

import dev.payroute.domain.Refusal;
import dev.payroute.sql.Database;
import dev.payroute.webhooks.WebhookStats.Counter;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Webhook events that failed every retry: recorded for admins, and replayed on request. */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** The sources of dead letters: Stripe webhooks, RabbitMQ booking events, Kafka commands. */
    public static final java.util.List<String> SOURCES = java.util.List.of("stripe", "rabbitmq", "kafka");

    private final Database db;
    private final WebhookEventStore events;
    private final WebhookStats stats;
    private final int leaseSeconds;

    public DeadLetters(Database db, WebhookEventStore events, WebhookStats stats, int leaseSeconds) {
        this.db = db;
        this.events = events;
        this.stats = stats;
        this.leaseSeconds = leaseSeconds;
    }

    /** Dead-letter step for webhook processing: the body is the original message (the row id). */
    public void recordWebhook(@Body long rowId, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String eventId = db.inTransaction(() -> {
            String stripeEventId = events.markDead(rowId, reason);
            db.update("deadletters/insert", Map.of("source", "stripe", "reference", stripeEventId, "reason", reason));
            return stripeEventId;
        });
        stats.count(Counter.DEAD);
        LOG.error("webhook event {} failed every retry and is now a dead letter: {}", eventId, reason);
    }

    /** Puts a dead letter's event back for processing; returns its webhook_events row id, to be queued. */
    public long replay(@Header("id") String raw) {
        long id = id(raw);
        Long rowId = db.inTransaction(() -> {
            Map<String, Object> letter = db.queryOne("deadletters/select-for-update", Map.of("id", id))
                    .orElseThrow(() -> Refusal.notFound("no dead letter " + raw));
            String reference = (String) letter.get("reference");
            if (!events.resetForReplay(reference, leaseSeconds)) {
                throw Refusal.conflict("not-replayable", "dead letter " + id + " was already replayed or its event is no longer dead");
            }
            db.update("deadletters/mark-replayed", Map.of("id", id));
            return events.rowId(reference).orElseThrow();
        });
        return rowId;
    }

    /** The ?source= filter of the dead-letter list: stripe, rabbitmq or kafka; absent or empty lists all. */
    public String sourceFilter(@Header("source") String source) {
        if (source == null || source.isEmpty()) {
            return "";
        }
        if (!SOURCES.contains(source)) {
            throw Refusal.badRequest("source", "source must be one of " + String.join(", ", SOURCES));
        }
        return source;
    }

    /** Where the dead letter in header id came from (its replay differs by source); 404 when there is none. */
    public String sourceOf(@Header("id") String raw) {
        return db.queryOne("deadletters/select-message", Map.of("id", id(raw)))
                .map(row -> (String) row.get("source"))
                .orElseThrow(() -> Refusal.notFound("no dead letter " + raw));
    }

    /** A dead letter's id from the path; anything that is not one is 404. */
    public static long id(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException | NullPointerException e) {
            throw Refusal.notFound("no dead letter " + raw);
        }
    }

    /** What an admin is told of a replay. */
    public Map<String, Object> replayed(@Header("id") String id) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", Long.parseLong(id));
        reply.put("replayed", true);
        return reply;
    }
}
