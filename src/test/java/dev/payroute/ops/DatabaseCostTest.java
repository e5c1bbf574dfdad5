package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.RoundTrips;
import dev.payroute.support.RoundTrips.Trip;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one operation costs PostgreSQL and Stripe, counted rather than timed (issue 13): database round trips and
 * transactions per applied webhook event, on the threads that do the operation's
 * work (RoundTrips counts them at the JDBC driver), and the calls the Stripe stand-in received. The ceilings are
 * asserted so that a change adding round trips to these paths fails here; each test prints its breakdown, statement
 * by statement (the test's output file).
 */
class DatabaseCostTest extends RouteTestSupport {

    static {
        RoundTrips.install();
    }

    /** The threads of a webhook: its HTTP request (Vert.x worker) and its processing (seda consumers). */
    private static final Predicate<String> WEBHOOK = t -> t.startsWith("vert.x-worker") || t.contains("seda://webhook-process");

    @BeanInject
    CamelContext context;

    @AfterEach
    void release() {
        standIn.withholdWebhooks("*", false);
    }

    private void awaitIdle(String... routes) {
        await("routes " + String.join(", ", routes) + " have nothing in flight", () -> {
            for (String route : routes) {
                if (context.getInflightRepository().size(route) > 0) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void an_applied_webhook_event_costs_at_most_five_round_trips() {
        standIn.withholdWebhooks("*", true);
        int n = 5;
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonNode p = createPayment("order-" + UUID.randomUUID(), 1000);
            // As bench/webhooks sends them: metadata {} (the payment is found by its intent id).
            events.add(event("payment_intent.succeeded", paymentIntent(p.get("payment_intent_id").asText(), "succeeded", 1000)));
        }
        RoundTrips.start();
        for (String e : events) {
            assertEquals(200, postWebhook(e).status());
            assertEquals("PROCESSED", awaitWebhookDone(idOf(e)));
            awaitIdle("webhook-process");
        }
        List<Trip> trips = RoundTrips.of(RoundTrips.stop(), WEBHOOK);
        for (String e : events) {
            assertEquals("APPLIED", queryString("SELECT outcome FROM webhook_events WHERE stripe_event_id = ?", idOf(e)));
        }
        report("applied payment_intent.succeeded (PENDING -> SUCCEEDED), per event", trips, n);
        assertTrue(RoundTrips.roundTrips(trips) <= 5L * n, "at most 5 round trips per applied event:" + RoundTrips.describe(trips));
        assertTrue(RoundTrips.transactions(trips) <= 2L * n, "at most 2 transactions per applied event:" + RoundTrips.describe(trips));
    }

    @Test
    void a_stale_webhook_event_costs_one_read_and_no_stripe_call() {
        standIn.withholdWebhooks("*", true);
        String order = "order-" + UUID.randomUUID();
        Reply held = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY,
                "{\"amount\":700,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(200, held.status(), held.body());
        String paymentId = held.json().get("id").asText();
        String pi = queryString("SELECT payment_intent_id FROM payments WHERE id = ?", UUID.fromString(paymentId));
        assertEquals("AUTHORIZED", paymentStatus(paymentId));
        // What Stripe sends when the hold is created, arriving after the payment is AUTHORIZED.
        JsonNode created = paymentIntent(pi, "requires_payment_method", 700);
        ((com.fasterxml.jackson.databind.node.ObjectNode) created).putObject("metadata").put("payroute_payment_id", paymentId);
        String e = event("payment_intent.created", created);
        int stripeCalls = standIn.requestCount("*", "/v1/");
        RoundTrips.start();
        assertEquals(200, postWebhook(e).status());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(e)));
        awaitIdle("webhook-process");
        List<Trip> trips = RoundTrips.of(RoundTrips.stop(), WEBHOOK);
        assertEquals("STALE", queryString("SELECT outcome FROM webhook_events WHERE stripe_event_id = ?", idOf(e)));
        assertEquals(stripeCalls, standIn.requestCount("*", "/v1/"), "no Stripe call for a stale event");
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND outcome = 'REFUSED'"
                + " AND source = 'webhook:payment_intent.created'", UUID.fromString(paymentId)), "the refusal is recorded once");
        report("stale payment_intent.created (AUTHORIZED payment)", trips, 1);
        long reads = trips.stream().filter(t -> t.sql() != null && t.sql().contains("FROM payments")).count();
        assertEquals(1, reads, "one read of the payment:" + RoundTrips.describe(trips));
        assertTrue(RoundTrips.roundTrips(trips) <= 4, "at most 4 round trips for a stale event:" + RoundTrips.describe(trips));
    }

    private static void report(String what, List<Trip> trips, int per) {
        Map<String, Long> bySql = new LinkedHashMap<>();
        for (Trip t : trips) {
            String key = t.kind() + (t.sql() == null ? "" : " " + t.sql().replaceAll("\\s+", " ").trim())
                    + (t.autocommit() ? " (autocommit)" : "");
            bySql.merge(key.length() > 200 ? key.substring(0, 200) + "…" : key, 1L, Long::sum);
        }
        StringBuilder out = new StringBuilder(String.format("%nCOST %s: %.2f round trips, %.2f transactions (%.2f pool checks apart)%n",
                what, RoundTrips.roundTrips(trips) / (double) per, RoundTrips.transactions(trips) / (double) per,
                trips.stream().filter(t -> t.kind() == RoundTrips.Kind.VALIDATION).count() / (double) per));
        bySql.forEach((k, v) -> out.append(String.format("  %6.2f  %s%n", v / (double) per, k)));
        System.out.print(out);
    }
}
