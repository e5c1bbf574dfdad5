package dev.payroute.webhooks;

import dev.payroute.domain.Refusal;
import dev.payroute.http.HttpReplies;
import dev.payroute.webhooks.WebhookStats.Counter;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps of routes/webhooks/webhook-receive: verify the signature on the raw body, store the
 * event sealed (once per Stripe event id), and acknowledge. Nothing is stored for a request that fails
 * verification.
 *
 * <p>An event whose livemode is not our key's mode (a live event at a test-mode instance, or the
 * reverse) is acknowledged and stored as IGNORED with outcome LIVEMODE_MISMATCH, never applied.
 * It is acknowledged rather than refused because Stripe sends test events of connected accounts to
 * live Connect endpoints too and recommends checking livemode: a 4xx would only make Stripe retry
 * an event that can never apply here, and finally disable the endpoint.
 */
public final class WebhookIngress {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngress.class);

    private final WebhookSignatureVerifier verifier;
    private final WebhookEventStore store;
    private final WebhookStats stats;
    private final boolean allowUnsigned;
    private final boolean livemode;
    private final HttpReplies replies;

    /** @param livemode whether our Stripe key is a live one: the mode of the events we apply */
    public WebhookIngress(WebhookSignatureVerifier verifier, WebhookEventStore store, WebhookStats stats,
                          boolean allowUnsigned, boolean livemode, HttpReplies replies) {
        this.verifier = verifier;
        this.store = store;
        this.stats = stats;
        this.allowUnsigned = allowUnsigned;
        this.livemode = livemode;
        this.replies = replies;
    }

    /** The event, once its signature is verified on the raw body; a bad signature is refused (400), nothing stored. */
    public StripeEvent verify(@Body String body, @Header("Stripe-Signature") String signature,
                              @Header("X-Development-Testing") String developmentTesting) {
        stats.count(Counter.RECEIVED);
        String payload = body == null ? "" : body;
        String problem = verifier.problem(payload, signature);
        if (problem != null) {
            if (allowUnsigned && "true".equalsIgnoreCase(developmentTesting)) {
                stats.count(Counter.UNSIGNED_ACCEPTED);
                LOG.warn("UNSIGNED webhook accepted because payroute.webhooks.allow-unsigned=true (development only): {}", problem);
            } else {
                stats.count(Counter.SIGNATURE_FAILURES);
                throw new Refusal(Refusal.Kind.INVALID, "invalid-signature", problem, "Stripe-Signature");
            }
        }
        StripeEvent event = StripeEvent.parse(payload);
        stats.lastEvent(event.id(), event.type());
        return event;
    }

    // The routes read the event and its stored row through these, not with simple expressions such as
    // ${variable.event.type}: on a record those make Camel build bean metadata for every new event, hashing
    // the whole event (its object's JSON tree) each time.

    /** The event's id (the exchange's correlation id). */
    public String eventId(@Variable("event") StripeEvent event) {
        return event.id();
    }

    /** The event's type, which the processing route dispatches on. */
    public String eventType(@Variable("event") StripeEvent event) {
        return event.type();
    }

    /** Whether the event was stored just now, to be processed (not a duplicate, not one already closed). */
    public boolean toProcess(@Variable("stored") WebhookEventStore.Stored stored) {
        return "RECEIVED".equals(stored.status());
    }

    /** The stored event's webhook_events row id, the body of its processing exchange. */
    public long storedRowId(@Variable("stored") WebhookEventStore.Stored stored) {
        return stored.rowId();
    }

    /**
     * Stores the event, deduplicated by its id in the same statement; a fresh row, or one whose processing never
     * finished and whose claim has lapsed (status RECEIVED), is then queued. A duplicate is counted and acknowledged.
     */
    public WebhookEventStore.Stored store(@Variable("event") StripeEvent event, @Body String payload) {
        WebhookEventStore.Stored stored;
        if (event.livemode() != livemode) {
            stats.count(Counter.LIVEMODE_MISMATCHES);
            LOG.warn("Stripe event {} ({}) has livemode={} but our key is {}: stored as IGNORED, not applied",
                    event.id(), event.type(), event.livemode(), livemode ? "live" : "test");
            stored = store.storeIgnored(event, payload, "LIVEMODE_MISMATCH");
        } else {
            stored = store.store(event, payload);
        }
        if (stored.fresh()) {
            stats.count(Counter.STORED);
        } else {
            stats.count(Counter.DUPLICATES);
        }
        return stored;
    }

    /** Takes Exchange: it writes the acknowledgement (empty for the CampusG paths, variable emptyReply). */
    public void reply(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getVariable("emptyReply", Boolean.class))) {
            replies.reply(exchange, 200, "text/plain", "");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("received", true);
        body.put("id", exchange.getVariable("event", StripeEvent.class).id());
        replies.reply(exchange, 200, "application/json", body);
    }
}
