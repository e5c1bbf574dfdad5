package dev.payroute.webhooks;

import dev.payroute.domain.ApiProblem;
import dev.payroute.http.HttpReplies;
import dev.payroute.webhooks.WebhookStats.Counter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps of routes/webhooks/webhook-receive: verify the signature on the raw body, store the
 * event sealed, and acknowledge. Nothing is stored for a request that fails verification.
 *
 * <p>An event whose livemode is not our key's mode (a live event at a test-mode instance, or the
 * reverse) is acknowledged and stored as IGNORED with outcome LIVEMODE_MISMATCH, never applied.
 * It is acknowledged rather than refused because Stripe sends test events of connected accounts to
 * live Connect endpoints too and recommends checking livemode: a 4xx would only make Stripe retry
 * an event that can never apply here, and finally disable the endpoint.
 */
public final class WebhookIngress {

    public static final String EVENT = "payrouteStripeEvent";
    public static final String EVENT_ID = "stripeEventId";
    public static final String ROW_ID = "payrouteWebhookRowId";
    public static final String ENQUEUE = "payrouteWebhookEnqueue";
    public static final String EMPTY_REPLY = "payrouteWebhookEmptyReply";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIngress.class);

    private final WebhookSignatureVerifier verifier;
    private final WebhookEventStore store;
    private final WebhookStats stats;
    private final boolean allowUnsigned;
    private final boolean livemode;

    /** @param livemode whether our Stripe key is a live one: the mode of the events we apply */
    public WebhookIngress(WebhookSignatureVerifier verifier, WebhookEventStore store, WebhookStats stats,
                          boolean allowUnsigned, boolean livemode) {
        this.verifier = verifier;
        this.store = store;
        this.stats = stats;
        this.allowUnsigned = allowUnsigned;
        this.livemode = livemode;
    }

    public void verify(Exchange exchange) {
        stats.count(Counter.RECEIVED);
        String payload = exchange.getMessage().getBody(String.class);
        if (payload == null) {
            payload = "";
        }
        String signature = exchange.getMessage().getHeader("Stripe-Signature", String.class);
        String problem = verifier.problem(payload, signature);
        if (problem != null) {
            if (allowUnsigned && "true".equalsIgnoreCase(exchange.getMessage().getHeader("X-Development-Testing", String.class))) {
                stats.count(Counter.UNSIGNED_ACCEPTED);
                LOG.warn("UNSIGNED webhook accepted because payroute.webhooks.allow-unsigned=true (development only): {}", problem);
            } else {
                stats.count(Counter.SIGNATURE_FAILURES);
                throw new ApiProblem(400, "invalid-signature", problem, "Stripe-Signature");
            }
        }
        StripeEvent event = StripeEvent.parse(payload);
        exchange.setProperty(EVENT, event);
        exchange.setProperty(EVENT_ID, event.id());
        exchange.getMessage().setHeader("correlationId", event.id());
        stats.lastEvent(event.id(), event.type());
    }

    /** Stores the event; a fresh row, or one still waiting after a crash, is queued for processing. */
    public void store(Exchange exchange) {
        StripeEvent event = exchange.getProperty(EVENT, StripeEvent.class);
        String payload = exchange.getMessage().getBody(String.class);
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
        exchange.setProperty(ROW_ID, stored.rowId());
        exchange.setProperty(ENQUEUE, "RECEIVED".equals(stored.status()));
        exchange.getMessage().setBody(stored.rowId());
    }

    public void duplicate(Exchange exchange) {
        stats.count(Counter.DUPLICATES);
    }

    public void reply(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(EMPTY_REPLY, Boolean.class))) {
            HttpReplies.write(exchange, 200, "text/plain", "");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("received", true);
        body.put("id", exchange.getProperty(EVENT_ID, String.class));
        HttpReplies.write(exchange, 200, "application/json", body);
    }

    public void markEmptyReply(Exchange exchange) {
        exchange.setProperty(EMPTY_REPLY, true);
    }
}
