package dev.payroute.refunds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.model.Refund;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import dev.payroute.stripe.standin.FaultKind;
import dev.payroute.support.StripeEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The canonical refunds API against real PostgreSQL and the Stripe stand-in: the money rule (never more
 * refunded than captured, also under concurrency), the Stripe outcomes (success, pending, refusal, outage)
 * and what they do to the refund, its payment and its events.
 */
class RefundsApiTest extends RefundTestSupport {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterAll
    void stopPool() {
        pool.shutdownNow();
    }

    @AfterEach
    void clearFaults() {
        standIn.faults().clear();
        standIn.withholdWebhooks("refund.created", false);
        standIn.withholdWebhooks("refund.updated", false);
        standIn.withholdWebhooks("charge.refunded", false);
        standIn.withholdWebhooks("charge.refund.updated", false);
    }

    private Reply refundWith(String body, String correlationId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/refunds"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + PAYMENTS_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (correlationId != null) {
            b.header("X-Correlation-Id", correlationId);
        }
        return send(b);
    }

    private Reply refund(String paymentId, Long amount) {
        return refundWith("{\"payment_id\":\"" + paymentId + "\"" + (amount == null ? "" : ",\"amount\":" + amount) + "}", null);
    }

    private List<Refund> refundsAtStripe(String paymentIntentId) {
        try {
            return stripe().v1().refunds().list(RefundListParams.builder().setPaymentIntent(paymentIntentId).build()).getData();
        } catch (com.stripe.exception.StripeException e) {
            throw new AssertionError(e);
        }
    }

    private long events(String type, String refundId) {
        return count("SELECT count(*) FROM outbox WHERE event_type = ? AND payload->>'refund_id' = ?", type, refundId);
    }

    private JsonNode event(String type, String refundId) {
        try {
            return JSON.readTree(queryString("SELECT payload::text FROM outbox WHERE event_type = ? AND payload->>'refund_id' = ?",
                    type, refundId));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String refundStatus(String refundId) {
        return queryString("SELECT status FROM refunds WHERE id = ?", UUID.fromString(refundId));
    }

    private long amountRefunded(String paymentId) {
        return count("SELECT amount_refunded FROM payments WHERE id = ?", UUID.fromString(paymentId));
    }

    private long refundRows(String paymentId) {
        return count("SELECT count(*) FROM refunds WHERE payment_id = ?", UUID.fromString(paymentId));
    }

    /** Waits until Stripe's charge.refunded webhooks of the payment (one per refund) have been processed. */
    private void awaitChargeRefundedWebhooks(String paymentIntentId, int refunds) {
        String charge = standIn.object(paymentIntentId).orElseThrow().get("latest_charge").asText();
        await("Stripe's charge.refunded webhooks are processed", () -> count("SELECT count(*) FROM webhook_events"
                + " WHERE event_type = 'charge.refunded' AND object_id = ? AND status <> 'RECEIVED'", charge) >= refunds);
    }

    @Test
    void a_partial_refund_then_the_rest_refunds_the_payment_with_events_that_answer_the_request() {
        JsonNode payment = capturedPayment(1500);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();

        Reply partial = refundWith("{\"payment_id\":\"" + paymentId + "\",\"amount\":500,\"reason\":\"requested_by_customer\","
                + "\"metadata\":{\"ticket\":\"T-17\"}}", "corr-partial-" + paymentId);
        assertEquals(201, partial.status(), partial.body());
        JsonNode first = partial.json();
        assertEquals("SUCCEEDED", first.get("status").asText());
        assertEquals(500, first.get("amount").asLong());
        assertEquals("usd", first.get("currency").asText());
        assertEquals(paymentId, first.get("payment_id").asText());
        assertTrue(first.get("stripe_refund_id").asText().startsWith("re_"));
        assertTrue(first.get("reference").asText().matches("REF-[0-9A-Z]{12}"), first.toString());
        assertEquals("requested_by_customer", first.get("reason").asText());
        assertEquals("T-17", first.at("/metadata/ticket").asText());
        assertEquals(principalOf(PAYMENTS_KEY), first.get("requested_by").asText(), "the API key's name, never the key");
        assertEquals("api", first.get("source").asText());
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(paymentId));
        assertEquals(500, amountRefunded(paymentId));

        Reply rest = refund(paymentId, null);
        assertEquals(201, rest.status(), rest.body());
        assertEquals(1000, rest.json().get("amount").asLong(), "absent amount: all that is left");
        assertEquals("SUCCEEDED", rest.json().get("status").asText());
        assertEquals("REFUNDED", paymentStatus(paymentId));
        assertEquals(1500, amountRefunded(paymentId));

        List<Refund> atStripe = refundsAtStripe(pi);
        assertEquals(2, atStripe.size());
        assertEquals(1500, atStripe.stream().mapToLong(Refund::getAmount).sum());
        assertEquals("T-17", atStripe.stream().filter(r -> r.getAmount() == 500).findFirst().orElseThrow().getMetadata().get("ticket"));

        String firstId = first.get("id").asText();
        assertEquals(1, events("refund.initiated", firstId));
        assertEquals(1, events("refund.completed", firstId));
        JsonNode completed = event("refund.completed", firstId);
        assertEquals("corr-partial-" + paymentId, completed.get("correlation_id").asText());
        assertEquals(paymentId, completed.get("payment_id").asText());
        assertEquals(500, completed.get("amount").asLong());
        assertEquals(500, completed.get("amount_refunded").asLong());
        assertEquals("usd", completed.get("currency").asText());
        assertTrue(completed.has("booking_id") && completed.has("order_id"));
        assertEquals(1500, event("refund.completed", rest.json().get("id").asText()).get("amount_refunded").asLong());

        // Stripe's own webhooks (refund.created, charge.refunded) arrive later and count nothing twice.
        awaitChargeRefundedWebhooks(pi, 2);
        assertEquals(1500, amountRefunded(paymentId));
        assertEquals(2, refundRows(paymentId));
        assertEquals(1, events("refund.completed", firstId));

        Reply list = get("/api/v1/refunds/payment/" + paymentId, PAYMENTS_KEY);
        assertEquals(200, list.status(), list.body());
        assertEquals(2, list.json().get("total").asLong());
        assertEquals(2, list.json().get("items").size());
        assertEquals(1, list.json().get("page").asInt());
        assertEquals(50, list.json().get("page_size").asInt());
        Reply paged = get("/api/v1/refunds/payment/" + paymentId + "?page=2&page_size=1", PAYMENTS_KEY);
        assertEquals(1, paged.json().get("items").size());
        assertEquals(2, paged.json().get("total").asLong());

        Reply one = get("/api/v1/refunds/" + firstId, PAYMENTS_KEY);
        assertEquals(200, one.status());
        assertEquals(first.get("reference").asText(), one.json().get("reference").asText());
        Reply polled = get("/api/v1/refunds/reference/" + first.get("reference").asText(), PAYMENTS_KEY);
        assertEquals(200, polled.status(), polled.body());
        assertEquals("SUCCEEDED", polled.json().get("status").asText());
        assertEquals(payment.get("reference").asText(), polled.json().get("payment_reference").asText());
        assertNull(polled.json().get("stripe_refund_id"), "the polling view shows no provider ids");
        assertNull(polled.json().get("metadata"));
        assertNull(polled.json().get("id"));
    }

    static String principalOf(String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "key-" + java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void an_over_refund_is_refused_before_stripe_hears_of_it() {
        JsonNode payment = capturedPayment(1500);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        assertEquals(201, refund(paymentId, 1000L).status());
        int stripeRefundCalls = standIn.requestCount("POST", "/v1/refunds");
        long outbox = count("SELECT count(*) FROM outbox");

        Reply over = refund(paymentId, 600L);
        assertEquals(409, over.status(), over.body());
        assertTrue(over.contentType().startsWith("application/problem+json"));
        assertTrue(over.json().get("type").asText().endsWith("/over-refund"), over.body());
        assertEquals("amount", over.json().get("field").asText());
        assertEquals(500, over.json().get("amount_refundable").asLong());
        assertEquals(stripeRefundCalls, standIn.requestCount("POST", "/v1/refunds"), "nothing sent to Stripe");
        assertEquals(1, refundRows(paymentId));
        assertEquals(outbox, count("SELECT count(*) FROM outbox"));

        assertEquals(201, refund(paymentId, null).status());
        Reply nothingLeft = refund(paymentId, null);
        assertEquals(409, nothingLeft.status(), nothingLeft.body());
        assertTrue(nothingLeft.json().get("type").asText().endsWith("/payment-not-refundable"), "a REFUNDED payment: " + nothingLeft.body());
        assertEquals(2, refundsAtStripe(pi).size());
    }

    @Test
    void four_concurrent_refunds_of_1000_on_1500_left_one_succeeds_the_others_are_refused() throws Exception {
        JsonNode payment = capturedPayment(2500);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        assertEquals(201, refund(paymentId, 1000L).status());

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return refund(paymentId, 1000L);
            }));
        }
        start.countDown();
        int created = 0;
        int refused = 0;
        for (Future<Reply> f : futures) {
            Reply r = f.get();
            if (r.status() == 201) {
                created++;
            } else {
                assertEquals(409, r.status(), r.body());
                assertEquals("amount", r.json().get("field").asText());
                assertEquals(500, r.json().get("amount_refundable").asLong(), r.body());
                refused++;
            }
        }
        assertEquals(1, created);
        assertEquals(3, refused);
        assertEquals(2, refundsAtStripe(pi).size(), "Stripe saw exactly one refund of the four");
        assertEquals(2000, amountRefunded(paymentId));
        assertEquals(2, refundRows(paymentId));
    }

    @Test
    void the_database_itself_refuses_refunds_beyond_the_capture() {
        JsonNode payment = capturedPayment(800);
        String paymentId = payment.get("id").asText();
        execute("INSERT INTO refunds (id, reference, payment_id, amount, currency, status, requested_by, source)"
                + " VALUES ('" + UUID.randomUUID() + "', 'REF-TEST" + paymentId.substring(0, 8).toUpperCase() + "', '" + paymentId
                + "', 800, 'usd', 'PENDING', 'test', 'test')");
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> execute(
                "INSERT INTO refunds (id, reference, payment_id, amount, currency, status, requested_by, source)"
                        + " VALUES ('" + UUID.randomUUID() + "', 'REF-TEST2" + paymentId.substring(0, 7).toUpperCase() + "', '"
                        + paymentId + "', 1, 'usd', 'SUCCEEDED', 'test', 'test')"));
        assertTrue(refused.getCause().getMessage().contains("more than the 800 captured"), refused.getCause().getMessage());
        execute("UPDATE refunds SET status = 'FAILED' WHERE payment_id = '" + paymentId + "'");
        Reply after = refund(paymentId, 800L);
        assertEquals(201, after.status(), "a FAILED refund frees its reservation: " + after.body());
    }

    @Test
    void caller_mistakes_change_nothing() {
        JsonNode payment = capturedPayment(1200);
        String paymentId = payment.get("id").asText();
        JsonNode notCaptured = createPayment("order-" + UUID.randomUUID(), 700);
        int stripeCalls = standIn.requestCount("POST", "/v1/refunds");
        long rows = count("SELECT count(*) FROM refunds");
        long outbox = count("SELECT count(*) FROM outbox");

        Reply unknown = refund(UUID.randomUUID().toString(), 100L);
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals("payment_id", unknown.json().path("field").asText(), unknown.body());
        Reply notAUuid = refund("not-a-uuid", 100L);
        assertEquals(404, notAUuid.status());
        assertEquals("payment_id", notAUuid.json().path("field").asText(), notAUuid.body());
        for (String amount : new String[] {"0", "-5", "10.5", "\"100\"", "100000000"}) {
            Reply bad = refundWith("{\"payment_id\":\"" + paymentId + "\",\"amount\":" + amount + "}", null);
            assertEquals(422, bad.status(), amount + ": " + bad.body());
            assertEquals("amount", bad.json().get("field").asText());
        }
        Reply reason = refundWith("{\"payment_id\":\"" + paymentId + "\",\"reason\":\"changed_mind\"}", null);
        assertEquals(422, reason.status());
        assertEquals("reason", reason.json().get("field").asText());
        Reply unknownField = refundWith("{\"payment_id\":\"" + paymentId + "\",\"amout\":5}", null);
        assertEquals(400, unknownField.status());
        assertEquals("amout", unknownField.json().get("field").asText());
        assertEquals(400, refundWith("{\"payment_id\":", null).status());
        Reply pending = refund(notCaptured.get("id").asText(), null);
        assertEquals(409, pending.status(), pending.body());
        assertTrue(pending.json().get("type").asText().endsWith("/payment-not-refundable"));
        assertEquals("PENDING", pending.json().get("payment_status").asText());
        assertTrue(pending.json().get("detail").asText().contains("PENDING"));
        assertEquals(401, send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/refunds"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"payment_id\":\"" + paymentId + "\"}"))).status());

        assertEquals(stripeCalls, standIn.requestCount("POST", "/v1/refunds"));
        assertEquals(rows, count("SELECT count(*) FROM refunds"));
        assertEquals(outbox, count("SELECT count(*) FROM outbox"));
        assertEquals("SUCCEEDED", paymentStatus(paymentId));
        assertEquals(404, get("/api/v1/refunds/" + UUID.randomUUID(), PAYMENTS_KEY).status());
        assertEquals(404, get("/api/v1/refunds/reference/REF-NOSUCHTHING", PAYMENTS_KEY).status());
        assertEquals(404, get("/api/v1/refunds/payment/" + UUID.randomUUID(), PAYMENTS_KEY).status());
    }

    @Test
    void a_refund_while_stripe_answers_500_waits_and_is_sent_once_when_stripe_recovers() {
        JsonNode payment = capturedPayment(1500);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        standIn.faults().failNext("POST", "/v1/refunds", FaultKind.HTTP_500, 1000);

        Reply waiting = refundWith("{\"payment_id\":\"" + paymentId + "\",\"amount\":700}", "corr-outage-" + paymentId);
        assertEquals(201, waiting.status(), waiting.body());
        String refundId = waiting.json().get("id").asText();
        assertEquals("PENDING", waiting.json().get("status").asText());
        assertTrue(waiting.json().get("stripe_refund_id").isNull());
        assertTrue(waiting.json().get("last_error").asText().contains("Transient"), waiting.body());
        assertNotNull(waiting.json().get("next_attempt_at").asText());
        assertEquals(1, events("refund.initiated", refundId));
        assertEquals(0, refundsAtStripe(pi).size());
        // While it waits, its amount stays reserved.
        assertEquals(409, refund(paymentId, 900L).status());

        await("the sweeper tried again", () -> count("SELECT attempts FROM refunds WHERE id = ?", UUID.fromString(refundId)) >= 2);
        assertEquals("PENDING", refundStatus(refundId));
        standIn.faults().clear();
        await("the refund is sent once Stripe is back", () -> "SUCCEEDED".equals(refundStatus(refundId)));

        List<Refund> atStripe = refundsAtStripe(pi);
        assertEquals(1, atStripe.size(), "one refund at Stripe, whatever the number of attempts");
        assertEquals(700, atStripe.get(0).getAmount());
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(paymentId));
        assertEquals(700, amountRefunded(paymentId));
        assertEquals("corr-outage-" + paymentId, event("refund.completed", refundId).get("correlation_id").asText(),
                "the sweeper's outcome answers the request that started it");
    }

    @Test
    void process_sends_a_waiting_refund_at_once_and_answers_a_final_one_as_it_is() {
        JsonNode payment = capturedPayment(1000);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        standIn.faults().failNext("POST", "/v1/refunds", FaultKind.HTTP_429, 1);
        Reply waiting = refund(paymentId, 400L);
        String refundId = waiting.json().get("id").asText();
        assertEquals("PENDING", waiting.json().get("status").asText(), waiting.body());
        // Out of the sweeper's way: process alone sends it.
        execute("UPDATE refunds SET next_attempt_at = now() + interval '1 hour' WHERE id = '" + refundId + "'");

        Reply processed = post("/api/v1/refunds/" + refundId + "/process", PAYMENTS_KEY, null, null);
        assertEquals(200, processed.status(), processed.body());
        assertEquals("SUCCEEDED", processed.json().get("status").asText());
        assertEquals(1, refundsAtStripe(pi).size());

        int calls = standIn.requestCount("POST", "/v1/refunds");
        Reply again = post("/api/v1/refunds/" + refundId + "/process", PAYMENTS_KEY, "{}", null);
        assertEquals(200, again.status(), again.body());
        assertEquals(processed.json().get("status").asText(), again.json().get("status").asText());
        assertEquals(processed.json().get("stripe_refund_id").asText(), again.json().get("stripe_refund_id").asText());
        assertEquals(calls, standIn.requestCount("POST", "/v1/refunds"), "a final refund is not sent again");
        assertEquals(1, refundsAtStripe(pi).size());
        assertEquals(404, post("/api/v1/refunds/" + UUID.randomUUID() + "/process", PAYMENTS_KEY, null, null).status());
    }

    @Test
    void process_reads_a_refund_pending_at_stripe_and_applies_what_stripe_says() {
        JsonNode payment = capturedPayment(1300);
        String paymentId = payment.get("id").asText();
        standIn.withholdWebhooks("refund.updated", true);
        standIn.withholdWebhooks("charge.refund.updated", true);
        Reply pending = refundWith("{\"payment_id\":\"" + paymentId + "\",\"metadata\":{\"standin_pending\":\"true\"}}",
                "corr-process-" + paymentId);
        String refundId = pending.json().get("id").asText();
        assertEquals("PENDING", pending.json().get("status").asText(), pending.body());
        int creates = standIn.requestCount("POST", "/v1/refunds");
        standIn.settleRefund(pending.json().get("stripe_refund_id").asText(), true);

        Reply processed = post("/api/v1/refunds/" + refundId + "/process", PAYMENTS_KEY, null, null);
        assertEquals(200, processed.status(), processed.body());
        assertEquals("SUCCEEDED", processed.json().get("status").asText());
        assertEquals(creates, standIn.requestCount("POST", "/v1/refunds"), "read from Stripe, not sent again");
        assertEquals("REFUNDED", paymentStatus(paymentId));
        assertEquals("corr-process-" + paymentId, event("refund.completed", refundId).get("correlation_id").asText());
    }

    @Test
    void a_refund_reserved_by_an_instance_that_died_before_its_stripe_call_is_sent_once_by_the_sweeper() {
        JsonNode payment = capturedPayment(1100);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        UUID orphan = UUID.randomUUID();
        // What a crash right after the reservation leaves: a PENDING row, no Stripe id, its lease over.
        execute("INSERT INTO refunds (id, reference, payment_id, amount, currency, status, correlation_id, requested_by, source,"
                + " next_attempt_at) VALUES ('" + orphan + "', 'REF-ORPHAN" + paymentId.substring(0, 8).toUpperCase() + "', '"
                + paymentId + "', 1100, 'usd', 'PENDING', 'corr-orphan', 'test', 'api', now() - interval '1 second')");
        assertEquals(409, refund(paymentId, 1L).status(), "its amount is reserved meanwhile");

        await("the sweeper sends it", () -> "SUCCEEDED".equals(refundStatus(orphan.toString())));
        List<Refund> atStripe = refundsAtStripe(pi);
        assertEquals(1, atStripe.size());
        assertEquals(orphan.toString(), atStripe.get(0).getMetadata().get("payroute_refund_id"));
        assertEquals("REFUNDED", paymentStatus(paymentId));
        assertEquals("corr-orphan", event("refund.completed", orphan.toString()).get("correlation_id").asText());
    }

    @Test
    void a_refund_stripe_cancels_frees_its_reservation_and_is_reported_as_failed_with_status_canceled() {
        JsonNode payment = capturedPayment(1000);
        String paymentId = payment.get("id").asText();
        Reply pending = refundWith("{\"payment_id\":\"" + paymentId + "\",\"metadata\":{\"standin_pending\":\"true\"}}", null);
        String refundId = pending.json().get("id").asText();
        ObjectNode canceled = (ObjectNode) StripeEvents.fixture("refund");
        canceled.put("id", pending.json().get("stripe_refund_id").asText());
        canceled.put("payment_intent", payment.get("payment_intent_id").asText());
        canceled.put("amount", 1000);
        canceled.put("currency", "usd");
        canceled.put("status", "canceled");
        String event = StripeEvents.event("refund.updated", canceled);
        assertEquals(200, postWebhook(event).status());
        assertEquals("PROCESSED", awaitWebhookDone(StripeEvents.idOf(event)));
        assertEquals("CANCELED", refundStatus(refundId));
        assertEquals("CANCELED", event("refund.failed", refundId).get("status").asText());
        assertEquals(0, events("refund.completed", refundId));
        assertEquals("SUCCEEDED", paymentStatus(paymentId));
        assertEquals(201, refund(paymentId, 1000L).status(), "a canceled refund reserves nothing");
    }

    @Test
    void a_pending_refund_follows_stripes_webhooks_once_and_never_backwards() {
        JsonNode payment = capturedPayment(1500);
        String paymentId = payment.get("id").asText();
        Reply pending = refundWith("{\"payment_id\":\"" + paymentId + "\",\"amount\":600,\"metadata\":{\"standin_pending\":\"true\"}}", null);
        assertEquals(201, pending.status(), pending.body());
        String refundId = pending.json().get("id").asText();
        String stripeId = pending.json().get("stripe_refund_id").asText();
        assertEquals("PENDING", pending.json().get("status").asText());
        assertTrue(stripeId.startsWith("re_"));
        assertEquals("SUCCEEDED", paymentStatus(paymentId), "a pending refund refunds nothing yet");

        standIn.settleRefund(stripeId, true);
        await("the webhook completes the refund", () -> "SUCCEEDED".equals(refundStatus(refundId)));
        await("the payment shows it", () -> "PARTIALLY_REFUNDED".equals(paymentStatus(paymentId)));
        assertEquals(600, amountRefunded(paymentId));
        assertEquals(1, events("refund.completed", refundId));

        // A late "pending" report after "succeeded" changes nothing.
        ObjectNode late = (ObjectNode) StripeEvents.fixture("refund");
        late.put("id", stripeId);
        late.put("payment_intent", payment.get("payment_intent_id").asText());
        late.put("amount", 600);
        late.put("currency", "usd");
        late.put("status", "pending");
        late.putObject("metadata");
        String event = StripeEvents.event("refund.updated", late);
        assertEquals(200, postWebhook(event).status());
        assertEquals("PROCESSED", awaitWebhookDone(StripeEvents.idOf(event)));
        assertEquals("UNCHANGED", queryString("SELECT outcome FROM webhook_events WHERE stripe_event_id = ?", StripeEvents.idOf(event)));
        assertEquals("SUCCEEDED", refundStatus(refundId));
        assertEquals(600, amountRefunded(paymentId));

        // A pending refund that fails frees its reservation: all 900 left can be refunded again.
        Reply second = refundWith("{\"payment_id\":\"" + paymentId + "\",\"metadata\":{\"standin_pending\":\"true\"}}", null);
        String secondId = second.json().get("id").asText();
        assertEquals(900, second.json().get("amount").asLong());
        assertEquals(409, refund(paymentId, 1L).status(), "all that is left is reserved");
        standIn.settleRefund(second.json().get("stripe_refund_id").asText(), false);
        await("the webhook fails the refund", () -> "FAILED".equals(refundStatus(secondId)));
        assertEquals(1, events("refund.failed", secondId));
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(paymentId));
        assertEquals(600, amountRefunded(paymentId));
        Reply third = refund(paymentId, null);
        assertEquals(201, third.status(), third.body());
        assertEquals(900, third.json().get("amount").asLong());
        assertEquals("REFUNDED", paymentStatus(paymentId));
    }

    @Test
    void stripe_refusing_a_refund_fails_it_and_releases_its_reservation() throws Exception {
        JsonNode payment = capturedPayment(1500);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        // Refunded at Stripe behind payroute's back, its webhooks not arrived yet: Stripe will refuse our 1500.
        standIn.withholdWebhooks("refund.created", true);
        standIn.withholdWebhooks("charge.refunded", true);
        stripe().v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi).setAmount(1000L).build());

        Reply refused = refundWith("{\"payment_id\":\"" + paymentId + "\"}", "corr-refused-" + paymentId);
        assertEquals(201, refused.status(), refused.body());
        String refundId = refused.json().get("id").asText();
        assertEquals("FAILED", refused.json().get("status").asText(), refused.body());
        assertNotNull(refused.json().get("failure_reason").asText());
        assertEquals(1, events("refund.failed", refundId));
        assertEquals("corr-refused-" + paymentId, event("refund.failed", refundId).get("correlation_id").asText());
        assertEquals("SUCCEEDED", paymentStatus(paymentId));

        Reply smaller = refund(paymentId, 500L);
        assertEquals(201, smaller.status(), smaller.body());
        assertEquals("SUCCEEDED", smaller.json().get("status").asText(), "the failed refund reserves nothing any more");
        assertEquals(2, refundsAtStripe(pi).size());
    }

    @Test
    void reconciliation_settles_a_refund_whose_webhooks_never_came() {
        JsonNode payment = capturedPayment(900);
        String paymentId = payment.get("id").asText();
        standIn.withholdWebhooks("refund.updated", true);
        standIn.withholdWebhooks("charge.refund.updated", true);
        Reply pending = refundWith("{\"payment_id\":\"" + paymentId + "\",\"metadata\":{\"standin_pending\":\"true\"}}", null);
        String refundId = pending.json().get("id").asText();
        standIn.settleRefund(pending.json().get("stripe_refund_id").asText(), true);
        await("reconciliation reads the refund again", () -> "SUCCEEDED".equals(refundStatus(refundId)));
        await("the payment is refunded", () -> "REFUNDED".equals(paymentStatus(paymentId)));
        assertEquals(900, amountRefunded(paymentId));
    }

    @Test
    void the_same_idempotency_key_answers_the_same_refund() {
        JsonNode payment = capturedPayment(1000);
        String paymentId = payment.get("id").asText();
        String body = "{\"payment_id\":\"" + paymentId + "\",\"amount\":300}";
        Reply first = post("/api/v1/refunds", PAYMENTS_KEY, body, "refund-key-" + paymentId);
        Reply replay = post("/api/v1/refunds", PAYMENTS_KEY, body, "refund-key-" + paymentId);
        assertEquals(201, first.status(), first.body());
        assertEquals(first.body(), replay.body());
        assertEquals(1, refundRows(paymentId));
        assertEquals(422, post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\",\"amount\":301}",
                "refund-key-" + paymentId).status());
    }
}
