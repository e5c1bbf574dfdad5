package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.Transfer;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.TransferListParams;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests for one order that arrive at the same moment (DESIGN §3.7): the database decides before
 * Stripe is called, so money moves once, the losers answer 409 with the state that won, and the
 * database and Stripe (the stand-in) agree for every order.
 */
class EscrowRacesTest extends RouteTestSupport {

    private static final int ORDERS = 50;
    private static final int CALLS_PER_ORDER = 50;

    private final ExecutorService pool = Executors.newFixedThreadPool(CALLS_PER_ORDER);

    @AfterAll
    void stopPool() {
        pool.shutdownNow();
    }

    /** Runs every call at the same moment (released together) and returns the replies in order. */
    private List<Reply> atOnce(List<Callable<Reply>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (Callable<Reply> call : calls) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<Reply> replies = new ArrayList<>();
        for (Future<Reply> f : futures) {
            replies.add(f.get());
        }
        return replies;
    }

    private Reply authorize(String order, String payee) {
        return post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, "{\"amount\":1500,\"customer_id\":\"cust-" + order
                + "\",\"payment_method\":\"pm_card_visa\",\"payee_id\":\"" + payee + "\"}", null);
    }

    @Test
    void release_and_revert_sent_together_move_the_money_of_each_order_once() throws Exception {
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        String account = registerPayee(payee);
        int releases = 0;
        int reverts = 0;
        for (int i = 0; i < ORDERS; i++) {
            String order = "race-" + UUID.randomUUID();
            Reply held = authorize(order, payee);
            assertEquals("AUTHORIZED", held.json().get("status").asText(), held.body());
            String paymentId = held.json().get("id").asText();
            String pi = held.json().get("payment_intent_id").asText();

            List<Callable<Reply>> calls = new ArrayList<>();
            for (int c = 0; c < CALLS_PER_ORDER; c++) {
                String action = c % 2 == 0 ? "release" : "revert";
                calls.add(() -> post("/api/v1/escrow/" + order + "/" + action, PAYMENTS_KEY, "{}", null));
            }
            List<Reply> replies = atOnce(calls);

            List<Reply> releaseOk = new ArrayList<>();
            List<Reply> revertOk = new ArrayList<>();
            for (int c = 0; c < replies.size(); c++) {
                Reply r = replies.get(c);
                assertTrue(r.status() == 200 || r.status() == 409, "only 200 or 409, got " + r.status() + ": " + r.body());
                if (r.status() == 409) {
                    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
                    assertTrue(r.json().has("payment_status"), "a lost race names the state that won: " + r.body());
                } else {
                    (c % 2 == 0 ? releaseOk : revertOk).add(r);
                }
            }
            assertTrue(releaseOk.isEmpty() != revertOk.isEmpty(), "exactly one of release or revert wins for " + order
                    + ": " + releaseOk.size() + " releases and " + revertOk.size() + " reverts answered 200");
            boolean released = !releaseOk.isEmpty();
            releaseOk.forEach(r -> assertEquals("RELEASED", r.json().get("status").asText()));
            revertOk.forEach(r -> assertEquals("CANCELED", r.json().get("status").asText()));

            // The database and Stripe agree, and no money moved twice.
            assertEquals(released ? "RELEASED" : "CANCELED", paymentStatus(paymentId));
            assertEquals(released ? 1 : 0, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/capture"), order);
            assertEquals(released ? 0 : 1, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/cancel"), order);
            assertEquals(released ? "succeeded" : "canceled", standIn.object(pi).orElseThrow().get("status").asText());
            assertEquals(0, refundsAtStripe(pi), "nothing refunded for " + order);
            List<Transfer> transfers = transfersAtStripe(account, paymentId);
            assertEquals(released ? 1 : 0, transfers.size(), "transfers for " + order);
            assertEquals(released ? 1 : 0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.released'", paymentId));
            assertEquals(released ? 0 : 1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.reverted'", paymentId));
            if (released) {
                assertEquals(transfers.get(0).getId(), queryString("SELECT transfer_id FROM payments WHERE id = ?", UUID.fromString(paymentId)));
                releases++;
            } else {
                assertEquals(null, queryString("SELECT transfer_id FROM payments WHERE id = ?", UUID.fromString(paymentId)));
                reverts++;
            }
            assertEquals(0, count("SELECT count(*) FROM payments WHERE id = ? AND operation IS NOT NULL", UUID.fromString(paymentId)),
                    "the winner's operation is finished");
        }
        assertEquals(ORDERS, releases + reverts);
    }

    @Test
    void concurrent_authorisations_of_one_order_make_one_hold() throws Exception {
        for (int i = 0; i < 10; i++) {
            String order = "hold-race-" + UUID.randomUUID();
            List<Callable<Reply>> calls = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                calls.add(() -> authorize(order, "p"));
            }
            List<Reply> replies = atOnce(calls);
            long ok = replies.stream().filter(r -> r.status() == 200).count();
            assertEquals(1, ok, "one authorisation wins for " + order + ": " + replies.stream().map(Reply::status).toList());
            for (Reply r : replies) {
                if (r.status() != 200) {
                    assertEquals(409, r.status(), r.body());
                    assertEquals("https://payroute.dev/problems/order-already-authorized", r.json().get("type").asText());
                }
            }
            assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
            assertEquals(1, holdsAtStripe(order), "one hold at Stripe for " + order);
        }
    }

    @Test
    void a_double_click_makes_one_hold_with_or_without_an_idempotency_key() throws Exception {
        String order = "double-" + UUID.randomUUID();
        String body = "{\"amount\":800,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}";
        List<Reply> keyed = atOnce(List.of(
                () -> post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, body, "click-" + order),
                () -> post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, body, "click-" + order)));
        // One runs; the other is refused while it runs (409) or replays its answer once it has finished.
        assertEquals(1, keyed.stream().filter(r -> r.status() == 200).map(r -> r.json().get("id").asText()).distinct().count(),
                keyed.toString());
        keyed.stream().filter(r -> r.status() != 200).forEach(r -> assertEquals(409, r.status(), r.body()));
        // Sent again once the first has answered: the stored answer is replayed.
        Reply replay = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, body, "click-" + order);
        assertEquals(200, replay.status(), replay.body());
        assertEquals("true", replay.header("Idempotent-Replayed"));

        String unkeyed = "double-" + UUID.randomUUID();
        List<Reply> twice = atOnce(List.of(
                () -> post("/api/v1/escrow/" + unkeyed + "/authorize", PAYMENTS_KEY, body, null),
                () -> post("/api/v1/escrow/" + unkeyed + "/authorize", PAYMENTS_KEY, body, null)));
        assertEquals(1, twice.stream().filter(r -> r.status() == 200).count(), twice.toString());
        assertEquals(1, holdsAtStripe(order));
        assertEquals(1, holdsAtStripe(unkeyed));
    }

    @Test
    void concurrent_confirms_answer_409_and_confirm_once() throws Exception {
        JsonNode payment = createPayment("confirm-race-" + UUID.randomUUID(), 2500);
        String id = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        List<Callable<Reply>> calls = new ArrayList<>();
        for (int c = 0; c < CALLS_PER_ORDER; c++) {
            calls.add(() -> post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null));
        }
        List<Reply> replies = atOnce(calls);
        assertEquals(1, replies.stream().filter(r -> r.status() == 200).count(), replies.stream().map(Reply::status).toList().toString());
        for (Reply r : replies) {
            if (r.status() != 200) {
                assertEquals(409, r.status(), r.body());
                assertTrue(r.contentType().startsWith("application/problem+json"));
            }
        }
        assertEquals("SUCCEEDED", paymentStatus(id));
        assertEquals(1, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/confirm"));
    }

    @Test
    void every_payment_intent_names_our_payment_and_its_order() throws Exception {
        String order = "meta-" + UUID.randomUUID();
        JsonNode payment = createPayment(order, 1200);
        PaymentIntent created = stripe().v1().paymentIntents().retrieve(payment.get("payment_intent_id").asText());
        assertEquals(payment.get("id").asText(), created.getMetadata().get("payroute_payment_id"));
        assertEquals(order, created.getMetadata().get("order_id"));

        String escrowOrder = "meta-hold-" + UUID.randomUUID();
        JsonNode hold = authorize(escrowOrder, "p").json();
        PaymentIntent held = stripe().v1().paymentIntents().retrieve(hold.get("payment_intent_id").asText());
        assertEquals(hold.get("id").asText(), held.getMetadata().get("payroute_payment_id"));
        assertEquals(escrowOrder, held.getMetadata().get("order_id"));
    }

    private long holdsAtStripe(String order) throws Exception {
        return streamIntents().filter(pi -> order.equals(pi.getMetadata().get("order_id"))).count();
    }

    private java.util.stream.Stream<PaymentIntent> streamIntents() throws Exception {
        Iterable<PaymentIntent> all = stripe().v1().paymentIntents().list(PaymentIntentListParams.builder().setLimit(100L).build())
                .autoPagingIterable();
        return java.util.stream.StreamSupport.stream(all.spliterator(), false);
    }

    private long refundsAtStripe(String paymentIntentId) throws Exception {
        List<Refund> refunds = stripe().v1().refunds().list(RefundListParams.builder().setPaymentIntent(paymentIntentId).build()).getData();
        return refunds.size();
    }

    private List<Transfer> transfersAtStripe(String destination, String paymentId) throws Exception {
        Iterable<Transfer> all = stripe().v1().transfers().list(TransferListParams.builder().setDestination(destination)
                .setLimit(100L).build()).autoPagingIterable();
        List<Transfer> mine = new ArrayList<>();
        all.forEach(t -> {
            if (paymentId.equals(t.getMetadata().get("payroute_payment_id"))) {
                mine.add(t);
            }
        });
        return mine;
    }
}
