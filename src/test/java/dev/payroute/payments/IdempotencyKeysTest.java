package dev.payroute.payments;

import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdempotencyKeysTest extends RouteTestSupport {

    private long paymentsForOrder(String order) {
        return count("SELECT count(*) FROM payments WHERE order_id = ?", order);
    }

    @Test
    void same_key_and_body_replays_the_first_response_without_a_second_charge() {
        String order = "order-" + UUID.randomUUID();
        String key = "idem-" + UUID.randomUUID();
        int intentsBefore = standIn.requestCount("POST", "/v1/payment_intents");
        Reply first = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 2500), key);
        assertEquals(201, first.status(), first.body());
        // Same body with other formatting and key order is the same request.
        String reordered = "{ \"description\":\"test order " + order + "\", \"user_id\":\"user-" + order
                + "\", \"order_id\":\"" + order + "\", \"currency\":\"usd\", \"amount\":2500 }";
        Reply second = post("/api/v1/payments", PAYMENTS_KEY, reordered, key);
        assertEquals(201, second.status());
        assertEquals("true", second.header("Idempotent-Replayed"));
        assertEquals(first.json().get("id"), second.json().get("id"));
        assertEquals(first.json().get("client_secret"), second.json().get("client_secret"));
        assertEquals(1, paymentsForOrder(order));
        assertEquals(intentsBefore + 1, standIn.requestCount("POST", "/v1/payment_intents"));
        String stored = queryString("SELECT response_body FROM idempotency_keys WHERE idem_key = ?", key);
        assertTrue(stored.startsWith("test:"), "stored response is sealed with the data key");
        assertTrue(!stored.contains("secret"), "the stored client secret is not readable at rest");
    }

    @Test
    void same_key_with_another_body_is_422_and_changes_nothing() {
        String order = "order-" + UUID.randomUUID();
        String key = "idem-" + UUID.randomUUID();
        assertEquals(201, post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 2500), key).status());
        String before = tableSnapshot();
        Reply other = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 2600), key);
        assertEquals(422, other.status());
        assertEquals("Idempotency-Key", other.json().get("field").asText());
        assertEquals(before, tableSnapshot());
        assertEquals(1, paymentsForOrder(order));
    }

    @Test
    void a_declined_confirmation_is_replayed_as_the_same_402() {
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, paymentJson("order-" + UUID.randomUUID(), 800), null);
        String path = "/api/v1/payments/" + created.json().get("id").asText() + "/confirm";
        String key = "idem-" + UUID.randomUUID();
        Reply first = post(path, PAYMENTS_KEY, "{\"payment_method\":\"pm_card_chargeDeclined\"}", key);
        assertEquals(402, first.status());
        int confirms = standIn.requestCount("POST", "/v1/payment_intents/" + created.json().get("payment_intent_id").asText() + "/confirm");
        Reply replay = post(path, PAYMENTS_KEY, "{\"payment_method\":\"pm_card_chargeDeclined\"}", key);
        assertEquals(402, replay.status());
        assertEquals(first.body(), replay.body());
        assertEquals(confirms, standIn.requestCount("POST", "/v1/payment_intents/" + created.json().get("payment_intent_id").asText() + "/confirm"));
    }

    @Test
    void keys_are_scoped_to_the_caller() {
        String key = "idem-" + UUID.randomUUID();
        Reply mine = post("/api/v1/payments", PAYMENTS_KEY, paymentJson("order-" + UUID.randomUUID(), 100), key);
        Reply theirs = post("/api/v1/payments", OTHER_PAYMENTS_KEY, paymentJson("order-" + UUID.randomUUID(), 100), key);
        assertEquals(201, mine.status());
        assertEquals(201, theirs.status());
        assertNotEquals(mine.json().get("id"), theirs.json().get("id"));
    }

    @Test
    void concurrent_duplicates_create_one_payment_and_the_others_see_409_or_the_replay() throws Exception {
        String order = "order-" + UUID.randomUUID();
        String key = "idem-" + UUID.randomUUID();
        // Slow Stripe down so the duplicates really overlap the first request.
        standIn.faults().delayNext("POST", "/v1/payment_intents", java.time.Duration.ofMillis(700), 1);
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                replies.add(pool.submit((Callable<Reply>) () -> {
                    start.await();
                    return post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 990), key);
                }));
            }
            start.countDown();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            int created = 0;
            int inFlight = 0;
            for (Future<Reply> f : replies) {
                Reply r = f.get();
                if (r.status() == 201) {
                    created++;
                    ids.add(r.json().get("id").asText());
                } else {
                    assertEquals(409, r.status(), r.body());
                    assertEquals("https://payroute.dev/problems/idempotency-key-in-use", r.json().get("type").asText());
                    inFlight++;
                }
            }
            assertTrue(created >= 1);
            assertTrue(inFlight >= 1, "the overlapping duplicates must be told the first is still running");
            assertEquals(1, ids.size());
            assertEquals(1, paymentsForOrder(order));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_stored_response_sealed_with_a_retired_data_key_is_not_replayed_nor_run_again() {
        String order = "order-" + UUID.randomUUID();
        String key = "idem-" + UUID.randomUUID();
        assertEquals(201, post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 700), key).status());
        count("WITH u AS (UPDATE idempotency_keys SET response_body = 'retired:AAAA' WHERE idem_key = ? RETURNING 1)"
                + " SELECT count(*) FROM u", key);
        Reply r = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(order, 700), key);
        assertEquals(409, r.status(), r.body());
        assertEquals("https://payroute.dev/problems/idempotency-key-unreadable", r.json().get("type").asText());
        assertEquals(1, paymentsForOrder(order));
    }

    @Test
    void a_malformed_idempotency_key_is_refused() {
        String before = tableSnapshot();
        Reply r = post("/api/v1/payments", PAYMENTS_KEY, paymentJson("order-x", 100), "x".repeat(300));
        assertEquals(400, r.status());
        assertEquals("Idempotency-Key", r.json().get("field").asText());
        assertEquals(before, tableSnapshot());
    }

}
