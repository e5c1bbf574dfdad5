package dev.payroute.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.RoundTrips;
import dev.payroute.support.RoundTrips.Trip;
import dev.payroute.support.TestKafka;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
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
 * transactions per applied webhook event and per Kafka authorize command, on the threads that do the operation's
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
    /** The payment_commands consumers. */
    private static final Predicate<String> COMMANDS = t -> t.contains("KafkaConsumer[payment_commands]");
    /** The outbox relay: its runs (timer threads) and the Kafka producer's callbacks that mark what Kafka acknowledged. */
    private static final Predicate<String> RELAY = t -> t.contains("outbox-relay") || t.contains("KafkaProducer[payment_events]");

    @BeanInject
    CamelContext context;

    private final KafkaProducer<String, String> producer = TestKafka.producer();

    @AfterAll
    void closeProducer() {
        producer.close();
    }

    @AfterEach
    void release() throws Exception {
        standIn.withholdWebhooks("*", false);
        for (String relay : List.of("outbox-relay-kafka", "outbox-relay-rabbitmq")) {
            if (context.getRouteController().getRouteStatus(relay).isSuspended()) {
                context.getRouteController().resumeRoute(relay);
            }
        }
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

    @Test
    void an_authorize_command_costs_at_most_ten_transactions_and_one_stripe_call() throws Exception {
        standIn.withholdWebhooks("*", false);
        int n = 10;
        long webhooksBefore = count("SELECT count(*) FROM webhook_events");
        int stripeCalls = standIn.requestCount("*", "/v1/");
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> orders = new ArrayList<>();
        // At the rates the issue asks for, a relay run (every 200 ms) publishes dozens of events: the relay waits
        // until the commands' events are all there, so that its share per event is what a busy service pays.
        context.getRouteController().suspendRoute("outbox-relay-kafka");
        context.getRouteController().suspendRoute("outbox-relay-rabbitmq");
        RoundTrips.start();
        for (int i = 0; i < n; i++) {
            String order = "cost-order-" + run + "-" + i;
            orders.add(order);
            producer.send(new ProducerRecord<>("payment_commands", order, "{\"type\":\"authorize_payment\",\"customer_id\":\"cust-" + i
                    + "\",\"payment_method_id\":\"pm_card_visa\",\"amount\":2098,\"currency\":\"usd\",\"order_id\":\"" + order
                    + "\",\"correlation_id\":\"cost-" + run + "-" + i + "\"}"));
        }
        producer.flush();
        await("every command authorised", () -> count("SELECT count(*) FROM payments WHERE order_id LIKE ? AND status = 'AUTHORIZED'",
                "cost-order-" + run + "-%") == n);
        // The three webhooks each hold causes (payment_intent.created, charge.succeeded, amount_capturable_updated).
        await("their webhooks processed", () -> count("SELECT count(*) FROM webhook_events") >= webhooksBefore + 3L * n
                && count("SELECT count(*) FROM webhook_events WHERE status = 'RECEIVED'") == 0);
        awaitIdle("outbox-relay-kafka", "outbox-relay-rabbitmq");
        context.getRouteController().resumeRoute("outbox-relay-kafka");
        context.getRouteController().resumeRoute("outbox-relay-rabbitmq");
        await("their events relayed to both brokers", () -> count("SELECT count(*) FROM outbox WHERE kafka_published_at IS NULL"
                + " OR rabbit_published_at IS NULL") == 0);
        awaitIdle("payment-commands", "webhook-process", "outbox-relay-kafka", "outbox-relay-rabbitmq");
        List<Trip> all = RoundTrips.stop();
        int calls = standIn.requestCount("*", "/v1/") - stripeCalls;
        List<Trip> consumer = RoundTrips.of(all, COMMANDS);
        List<Trip> webhooks = RoundTrips.of(all, WEBHOOK);
        List<Trip> relay = busyRelayRuns(RoundTrips.of(all, RELAY));
        assertEquals(n, count("SELECT count(*) FROM outbox WHERE event_type = 'payment.authorized' AND payload->>'order_id' LIKE ?",
                "cost-order-" + run + "-%"));
        report("authorize_payment: the consumer, per command", consumer, n);
        report("authorize_payment: its three webhooks, per command", webhooks, n);
        report("authorize_payment: the outbox relay to Kafka and RabbitMQ (runs that published; " + n + " events a run), per command",
                relay, n);
        long transactions = RoundTrips.transactions(consumer) + RoundTrips.transactions(webhooks) + RoundTrips.transactions(relay);
        System.out.printf("COST authorize_payment: %.2f transactions per command (consumer %.2f, webhooks %.2f, relay %.2f);"
                        + " %.2f Stripe calls per command%n", transactions / (double) n, RoundTrips.transactions(consumer) / (double) n,
                RoundTrips.transactions(webhooks) / (double) n, RoundTrips.transactions(relay) / (double) n, calls / (double) n);
        assertTrue(calls <= n, "one Stripe call per command (the hold), got " + calls + " for " + n);
        assertTrue(transactions <= 10L * n, "at most 10 transactions per command, got " + transactions + " for " + n);
    }

    /**
     * The relay's trips without its idle runs: a run that found nothing to publish (its lock query, then COMMIT) is the
     * relay polling, which a busy service does not do between events.
     */
    private static List<Trip> busyRelayRuns(List<Trip> trips) {
        List<Trip> kept = new ArrayList<>();
        Map<String, Trip> pendingLock = new LinkedHashMap<>();
        for (Trip t : trips) {
            boolean lock = t.sql() != null && t.sql().contains("pg_try_advisory_xact_lock");
            if (lock) {
                pendingLock.put(t.thread(), t);
                continue;
            }
            Trip open = pendingLock.remove(t.thread());
            if (open != null && t.kind() == RoundTrips.Kind.COMMIT) {
                continue;
            }
            if (open != null) {
                kept.add(open);
            }
            kept.add(t);
        }
        return kept;
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
