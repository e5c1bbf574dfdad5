package dev.payroute.webhooks;

import dev.payroute.domain.ApiProblem;
import dev.payroute.sql.Database;
import dev.payroute.webhooks.WebhookStats.Counter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Webhook events that failed every retry: recorded for admins, and replayed on request. */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

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
    public void recordWebhook(Exchange exchange) {
        long rowId = exchange.getMessage().getBody(Long.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String eventId = db.inTransaction(() -> {
            String stripeEventId = events.markDead(rowId, reason);
            db.update("deadletters/insert", Map.of("source", "webhook", "reference", stripeEventId, "reason", reason));
            return stripeEventId;
        });
        stats.count(Counter.DEAD);
        LOG.error("webhook event {} failed every retry and is now a dead letter: {}", eventId, reason);
    }

    /** Puts a dead letter's event back for processing; the body becomes its row id. */
    public void replay(Exchange exchange) {
        String raw = exchange.getMessage().getHeader("id", String.class);
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("no dead letter " + raw);
        }
        Long rowId = db.inTransaction(() -> {
            Map<String, Object> letter = db.queryOne("deadletters/select-for-update", Map.of("id", id))
                    .orElseThrow(() -> ApiProblem.notFound("no dead letter " + raw));
            String reference = (String) letter.get("reference");
            if (!events.resetForReplay(reference, leaseSeconds)) {
                throw ApiProblem.conflict("not-replayable", "dead letter " + id + " was already replayed or its event is no longer dead");
            }
            db.update("deadletters/mark-replayed", Map.of("id", id));
            return events.rowId(reference).orElseThrow();
        });
        exchange.getMessage().setBody(rowId);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", id);
        reply.put("replayed", true);
        exchange.setProperty("payrouteReplyBody", reply);
    }
}
