package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.stripe.standin.FaultKind;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Escrow over the canonical API: hold, release (capture, then transfer), revert (cancel or refund). */
class EscrowApiTest extends RouteTestSupport {

    @AfterEach
    void clearFaults() {
        standIn.faults().clear();
    }

    private Reply authorize(String order, long amount, String paymentMethod, String payee) {
        return post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, "{\"amount\":" + amount + ",\"customer_id\":\"cust-"
                + order + "\",\"payment_method\":\"" + paymentMethod + "\",\"payee_id\":\"" + payee + "\"}", null);
    }

    @Test
    void authorise_then_release_captures_once_and_transfers_the_payees_share() {
        String order = "order-" + UUID.randomUUID();
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        String account = registerPayee(payee);
        Reply held = authorize(order, 2098, "pm_card_visa", payee);
        assertEquals(200, held.status(), held.body());
        assertEquals("AUTHORIZED", held.json().get("status").asText());
        assertEquals("manual", held.json().get("capture_method").asText());
        assertNotNull(held.json().get("hold_expires_at").textValue());
        String pi = held.json().get("payment_intent_id").asText();
        assertEquals("requires_capture", standIn.object(pi).orElseThrow().get("status").asText());

        int transfersBefore = standIn.executedCount("POST", "/v1/transfers");
        Reply released = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals(200, released.status(), released.body());
        assertEquals("RELEASED", released.json().get("status").asText());
        String transfer = released.json().get("transfer_id").asText();
        assertTrue(transfer.startsWith("tr_"));
        assertEquals("order_" + order, released.json().get("transfer_group").asText());
        assertEquals(2098, released.json().get("payee_amount").asLong());
        JsonNode tr = standIn.object(transfer).orElseThrow();
        assertEquals(account, tr.get("destination").asText());
        assertEquals(2098, tr.get("amount").asLong());

        Reply again = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals(200, again.status());
        assertEquals(transfer, again.json().get("transfer_id").asText(), "a second release changes nothing");
        assertEquals(1, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/capture"));
        assertEquals(transfersBefore + 1, standIn.executedCount("POST", "/v1/transfers"));
        String id = held.json().get("id").asText();
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.authorized'", id));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.released'"
                + " AND payload->>'transfer_id' = ?", id, transfer));
        JsonNode history = get("/api/v1/billing/users/" + payee + "/history", PAYMENTS_KEY).json();
        assertEquals(2098, history.get("total_earned").asLong());
        assertEquals(1, history.get("earned_count").asInt());
        assertEquals(2098, get("/api/v1/billing/users/cust-" + order + "/history", PAYMENTS_KEY).json().get("total_spent").asLong());
    }

    @Test
    void a_failed_transfer_is_retried_without_capturing_again() {
        String order = "order-" + UUID.randomUUID();
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        registerPayee(payee);
        String pi = authorize(order, 5000, "pm_card_visa", payee).json().get("payment_intent_id").asText();
        standIn.faults().failNext("POST", "/v1/transfers", FaultKind.HTTP_500, 100);
        Reply failed = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals(503, failed.status(), failed.body());
        assertEquals("SUCCEEDED", get("/api/v1/escrow/" + order, PAYMENTS_KEY).json().get("status").asText(), "captured, not released");
        standIn.faults().clear();
        // The failed release stays decided and the escrow sweeper may be finishing it right now: a release
        // meeting it answers 409 operation-in-progress ("try again when it has finished"), as a client would.
        Reply[] released = new Reply[1];
        await("a release that does not meet the sweeper's resume", () -> {
            released[0] = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
            return !(released[0].status() == 409 && released[0].body().contains("operation-in-progress"));
        });
        assertEquals("RELEASED", released[0].json().get("status").asText(), released[0].body());
        assertEquals(1, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/capture"), "never captured twice");
    }

    @Test
    void release_needs_a_payee_with_a_connect_account() {
        String order = "order-" + UUID.randomUUID();
        authorize(order, 700, "pm_card_visa", "nobody-" + UUID.randomUUID());
        Reply r = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals(409, r.status());
        assertEquals("https://payroute.dev/problems/payee-without-account", r.json().get("type").asText());
        assertEquals("AUTHORIZED", get("/api/v1/escrow/" + order, PAYMENTS_KEY).json().get("status").asText());
        Reply withAccount = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY,
                "{\"payee_id\":\"late-runner\",\"connect_account_id\":\"acct_test_late\"}", null);
        assertEquals("RELEASED", withAccount.json().get("status").asText(), withAccount.body());
    }

    @Test
    void revert_cancels_a_hold_and_refunds_a_capture() throws Exception {
        String order = "order-" + UUID.randomUUID();
        authorize(order, 1100, "pm_card_visa", "p");
        Reply canceled = post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{\"reason\":\"order_canceled\"}", null);
        assertEquals("CANCELED", canceled.json().get("status").asText(), canceled.body());
        assertEquals("canceled", standIn.object(canceled.json().get("payment_intent_id").asText()).orElseThrow().get("status").asText());
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.reverted'",
                canceled.json().get("id").asText()));
        assertEquals("CANCELED", post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{}", null).json().get("status").asText());

        // A hold captured outside payroute (Stripe's dashboard): no release was decided, so a revert refunds it.
        String captured = "order-" + UUID.randomUUID();
        Reply held = authorize(captured, 2400, "pm_card_visa", "p");
        com.stripe.StripeClient.builder().setApiKey("sk_test_escrow").setApiBase(standIn.baseUrl()).build()
                .v1().paymentIntents().capture(held.json().get("payment_intent_id").asText());
        await("the capture's webhook is applied", () -> "SUCCEEDED".equals(paymentStatus(held.json().get("id").asText())));
        Reply refunded = post("/api/v1/escrow/" + captured + "/revert", PAYMENTS_KEY, "{}", null);
        assertEquals("REFUNDED", refunded.json().get("status").asText(), refunded.body());
        assertEquals(2400, refunded.json().get("amount_refunded").asLong());
        assertEquals(1, count("SELECT count(*) FROM refunds WHERE payment_id = ? AND amount = 2400",
                UUID.fromString(refunded.json().get("id").asText())));
    }

    @Test
    void a_hold_partially_captured_outside_payroute_counts_what_was_captured_and_a_revert_refunds_that() throws Exception {
        String order = "order-" + UUID.randomUUID();
        Reply held = authorize(order, 2400, "pm_card_visa", "p");
        String id = held.json().get("id").asText();
        String pi = held.json().get("payment_intent_id").asText();
        com.stripe.StripeClient.builder().setApiKey("sk_test_escrow").setApiBase(standIn.baseUrl()).build()
                .v1().paymentIntents().capture(pi, com.stripe.param.PaymentIntentCaptureParams.builder()
                        .setAmountToCapture(1500L).build());
        await("the capture's webhook is applied", () -> "SUCCEEDED".equals(paymentStatus(id)));
        JsonNode charge = standIn.object(standIn.object(pi).orElseThrow().get("latest_charge").asText()).orElseThrow();
        assertEquals(0, charge.get("amount_refunded").asLong(), "Stripe counts the released 900 as no refund");
        assertEquals(1500, get("/api/v1/escrow/" + order, PAYMENTS_KEY).json().get("amount_received").asLong());

        Reply refunded = post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{}", null);
        assertEquals("REFUNDED", refunded.json().get("status").asText(), refunded.body());
        assertEquals(1500, refunded.json().get("amount_refunded").asLong());
        await("Stripe's charge.refunded is applied", () -> count("SELECT count(*) FROM webhook_events"
                + " WHERE event_type = 'charge.refunded' AND object_id = ? AND status <> 'RECEIVED'", charge.get("id").asText()) == 1);
        assertEquals("REFUNDED", paymentStatus(id), "refunding all that was captured is a full refund");
        assertEquals(1500, count("SELECT amount_refunded FROM payments WHERE id = ?", UUID.fromString(id)));
    }

    @Test
    void three_d_secure_answers_requires_action_and_a_decline_is_failed() {
        String order = "order-" + UUID.randomUUID();
        Reply action = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, "{\"amount\":900,\"customer_id\":\"c\","
                + "\"payment_method\":\"pm_card_threeDSecure2Required\",\"return_url\":\"https://shop.example/back\"}", null);
        assertEquals(200, action.status(), action.body());
        assertEquals("REQUIRES_ACTION", action.json().get("status").asText());
        assertTrue(action.json().get("client_secret").asText().contains("_secret_"));
        assertEquals("redirect_to_url", action.json().at("/next_action/type").asText());

        String declinedOrder = "order-" + UUID.randomUUID();
        Reply declined = authorize(declinedOrder, 900, "pm_card_chargeDeclined", "p");
        assertEquals("FAILED", declined.json().get("status").asText(), declined.body());
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.failed'"
                + " AND payload->>'stripe_code' = 'card_declined'", declined.json().get("id").asText()));
        Reply retry = authorize(declinedOrder, 900, "pm_card_visa", "p");
        assertEquals("AUTHORIZED", retry.json().get("status").asText(), "a failed hold does not block a new one");
    }

    @Test
    void one_live_hold_per_order_and_idempotency_keys_replay() {
        String order = "order-" + UUID.randomUUID();
        String body = "{\"amount\":1000,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}";
        Reply first = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, body, "k-" + order);
        Reply replay = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, body, "k-" + order);
        assertEquals(first.json().get("id"), replay.json().get("id"));
        assertEquals("true", replay.header("Idempotent-Replayed"));
        Reply second = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, body, null);
        assertEquals(409, second.status());
        assertEquals("https://payroute.dev/problems/order-already-authorized", second.json().get("type").asText());
        assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
    }

    @Test
    void bad_escrow_input_is_refused_and_changes_nothing() {
        String before = tableSnapshot();
        assertEquals(400, post("/api/v1/escrow/o/authorize", PAYMENTS_KEY, "{\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}", null).status());
        assertEquals(422, post("/api/v1/escrow/o/authorize", PAYMENTS_KEY, "{\"amount\":0,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\"}", null).status());
        assertEquals(422, post("/api/v1/escrow/o/authorize", PAYMENTS_KEY, "{\"amount\":10,\"customer_id\":\"c\",\"payment_method\":\"4242\"}", null).status());
        assertEquals(400, post("/api/v1/escrow/o/authorize", PAYMENTS_KEY, "{\"amount\":10,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\",\"x\":1}", null).status());
        assertEquals(404, post("/api/v1/escrow/no-such-order/release", PAYMENTS_KEY, "{}", null).status());
        assertEquals(404, post("/api/v1/escrow/no-such-order/revert", PAYMENTS_KEY, "{}", null).status());
        assertEquals(422, post("/api/v1/escrow/o/release", PAYMENTS_KEY, "{\"connect_account_id\":\"nope\"}", null).status());
        assertEquals(before, tableSnapshot());
        Reply forbidden = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/payees/p1"))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"connect_account_id\":\"acct_x\"}")));
        assertEquals(403, forbidden.status());
    }
}
