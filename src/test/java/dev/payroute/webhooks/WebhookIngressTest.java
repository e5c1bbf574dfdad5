package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.StripeEvents;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static dev.payroute.support.StripeEvents.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signature checks, deduplication and the webhook paths of the predecessor services. */
class WebhookIngressTest extends RouteTestSupport {

    private String succeededEventFor(JsonNode payment) {
        return event("payment_intent.succeeded", paymentIntent(payment.get("payment_intent_id").asText(), "succeeded",
                payment.get("amount").asLong()));
    }

    /** The stand-in's own webhooks may be stored meanwhile, so the check is on this event's id. */
    private void assertRejected(Reply r, String event) {
        assertEquals(400, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertEquals("Stripe-Signature", r.json().get("field").asText());
        assertEquals(0, count("SELECT count(*) FROM webhook_events WHERE stripe_event_id = ?", idOf(event)),
                "nothing is stored for a rejected event");
    }

    @Test
    void missing_stale_foreign_and_malformed_signatures_and_tampered_bodies_are_rejected() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1000);
        String event = succeededEventFor(payment);
        long failuresBefore = get("/api/v1/webhooks/debug", ADMIN_KEY).json().at("/counters/signature_failures").asLong();
        assertRejected(postWebhook("/api/v1/webhooks/stripe", event, null), event);
        assertRejected(postWebhook("/api/v1/webhooks/stripe", event, sign(event, WEBHOOK_SECRET, System.currentTimeMillis() / 1000 - 400)), event);
        assertRejected(postWebhook("/api/v1/webhooks/stripe", event, sign(event, "whsec_someone_else")), event);
        assertRejected(postWebhook("/api/v1/webhooks/stripe", event, "t=abc,v1=nothex"), event);
        String tampered = event.replace("\"amount\":1000", "\"amount\":1");
        assertTrue(!tampered.equals(event));
        assertRejected(postWebhook("/api/v1/webhooks/stripe", tampered, sign(event, WEBHOOK_SECRET)), tampered);
        assertRejected(postWebhook("/api/v1/webhooks/stripe", event + " ", sign(event, WEBHOOK_SECRET)), event);
        long failuresAfter = get("/api/v1/webhooks/debug", ADMIN_KEY).json().at("/counters/signature_failures").asLong();
        assertEquals(failuresBefore + 6, failuresAfter, "each rejection is counted");
        assertEquals("PENDING", paymentStatus(payment.get("id").asText()));
    }

    @Test
    void the_development_bypass_is_off_unless_configured() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1000);
        String event = succeededEventFor(payment);
        Reply r = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + PORT + "/api/v1/webhooks/stripe"))
                .header("Content-Type", "application/json").header("X-Development-Testing", "true")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(event)));
        assertRejected(r, event);
    }

    @Test
    void events_signed_with_a_previous_secret_are_accepted_during_rotation() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1000);
        String event = succeededEventFor(payment);
        Reply r = postWebhook("/api/v1/webhooks/stripe", event, sign(event, OLD_WEBHOOK_SECRET));
        assertEquals(200, r.status(), r.body());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(event)));
        assertEquals("SUCCEEDED", paymentStatus(payment.get("id").asText()));
    }

    @Test
    void a_duplicate_delivery_is_acknowledged_and_applied_once() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1000);
        String event = succeededEventFor(payment);
        assertEquals(200, postWebhook(event).status());
        awaitWebhookDone(idOf(event));
        Reply again = postWebhook(event);
        assertEquals(200, again.status());
        assertEquals(1, count("SELECT count(*) FROM webhook_events WHERE stripe_event_id = ?", idOf(event)));
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND source = 'webhook:payment_intent.succeeded'",
                UUID.fromString(payment.get("id").asText())), "the second delivery never reached the handler");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'",
                payment.get("id").asText()));
        assertEquals(1, count("SELECT attempts FROM webhook_events WHERE stripe_event_id = ?", idOf(event)),
                "processed once: the second delivery was not queued");
    }

    @Test
    void concurrent_duplicates_are_stored_and_applied_once() throws Exception {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1000);
        String event = succeededEventFor(payment);
        String signature = sign(event, WEBHOOK_SECRET);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                replies.add(pool.submit((Callable<Reply>) () -> {
                    start.await();
                    return postWebhook("/api/v1/webhooks/stripe", event, signature);
                }));
            }
            start.countDown();
            for (Future<Reply> f : replies) {
                assertEquals(200, f.get().status());
            }
        } finally {
            pool.shutdownNow();
        }
        awaitWebhookDone(idOf(event));
        assertEquals(1, count("SELECT count(*) FROM webhook_events WHERE stripe_event_id = ?", idOf(event)));
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND to_status = 'SUCCEEDED' AND outcome = 'APPLIED'",
                UUID.fromString(payment.get("id").asText())));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'",
                payment.get("id").asText()));
    }

    @Test
    void an_event_that_could_not_be_stored_is_processed_when_stripe_sends_it_again() {
        JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1000);
        String event = succeededEventFor(payment);
        String id = idOf(event);
        // A real database failure for this one event: a trigger refuses its row.
        execute("CREATE OR REPLACE FUNCTION payroute_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.stripe_event_id = '" + id + "' THEN RAISE EXCEPTION 'storage unavailable'; END IF; RETURN NEW; END $$");
        execute("CREATE TRIGGER payroute_test_refuse BEFORE INSERT ON webhook_events FOR EACH ROW EXECUTE FUNCTION payroute_test_refuse()");
        try {
            Reply failed = postWebhook(event);
            assertEquals(500, failed.status(), "Stripe must retry an event we could not store");
            assertEquals(0, count("SELECT count(*) FROM webhook_events WHERE stripe_event_id = ?", id),
                    "nothing remembers an event that was not stored (its row is what deduplicates it)");
        } finally {
            execute("DROP TRIGGER payroute_test_refuse ON webhook_events");
            execute("DROP FUNCTION payroute_test_refuse()");
        }
        Reply again = postWebhook(event);
        assertEquals(200, again.status());
        assertEquals("PROCESSED", awaitWebhookDone(id));
        assertEquals("SUCCEEDED", paymentStatus(payment.get("id").asText()));
    }

    @Test
    void every_predecessor_path_feeds_the_same_flow() {
        for (String path : List.of("/api/webhook/", "/api/webhook", "/api/v1/payment/webhook/stripe")) {
            JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1000);
            String event = succeededEventFor(payment);
            Reply r = postWebhook(path, event, sign(event, WEBHOOK_SECRET));
            assertEquals(200, r.status(), path + " " + r.body());
            assertEquals("PROCESSED", awaitWebhookDone(idOf(event)), path);
            assertEquals("SUCCEEDED", paymentStatus(payment.get("id").asText()), path);
        }
        for (String path : List.of("/api/stripe-webhook", "/stripe-webhook")) {
            JsonNode payment = createPayment("order-" + UUID.randomUUID(), 1000);
            String event = succeededEventFor(payment);
            Reply r = postWebhook(path, event, sign(event, WEBHOOK_SECRET));
            assertEquals(200, r.status(), path);
            assertEquals("", r.body(), "CampusG documented an empty 200");
            assertEquals("PROCESSED", awaitWebhookDone(idOf(event)), path);
        }
    }

    @Test
    void a_body_that_is_not_a_stripe_event_is_a_400_even_when_signed() {
        String notAnEvent = "{\"id\":\"x\",\"object\":\"charge\"}";
        Reply r = postWebhook("/api/v1/webhooks/stripe", notAnEvent, sign(notAnEvent, WEBHOOK_SECRET));
        assertEquals(400, r.status());
        assertEquals(0, count("SELECT count(*) FROM webhook_events WHERE stripe_event_id = 'x'"));
    }

    @Test
    void the_debug_endpoint_is_for_admins_and_shows_no_secret() {
        assertEquals(403, get("/api/v1/webhooks/debug", PAYMENTS_KEY).status());
        assertEquals(401, get("/api/webhook/debug", null).status());
        for (String path : List.of("/api/v1/webhooks/debug", "/api/webhook/debug")) {
            Reply r = get(path, ADMIN_KEY);
            assertEquals(200, r.status());
            assertEquals(2, r.json().get("webhook_secrets_configured").asInt());
            assertEquals(300, r.json().get("signature_tolerance_seconds").asInt());
            assertFalse(r.json().get("unsigned_development_bypass").asBoolean());
            assertTrue(r.json().get("endpoint_url").asText().endsWith("/api/v1/webhooks/stripe"));
            assertTrue(r.json().get("counters").has("received"));
            assertFalse(r.body().contains("whsec_"), "no secret value");
            assertFalse(r.body().contains("sk_test"), "no secret value");
        }
        String event = event("customer.created", StripeEvents.fixture("customer"));
        postWebhook(event);
        assertEquals(idOf(event), get("/api/v1/webhooks/debug", ADMIN_KEY).json().at("/last_event/id").asText());
    }
}
