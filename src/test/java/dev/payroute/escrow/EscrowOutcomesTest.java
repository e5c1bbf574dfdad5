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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an escrow operation ends in when something goes wrong around it: a payee that cannot be paid,
 * Stripe failing after the decision, a hold whose creation was interrupted, and outcomes reported
 * later by Stripe. Every outcome carries the correlation id of the request that started it.
 */
class EscrowOutcomesTest extends RouteTestSupport {

    @AfterEach
    void clearFaults() {
        standIn.faults().clear();
    }

    private Reply postCorrelated(String path, String body, String correlationId) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).header("Content-Type", "application/json")
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Reply authorize(String order, String payee, String correlationId) {
        return postCorrelated("/api/v1/escrow/" + order + "/authorize", "{\"amount\":3000,\"customer_id\":\"cust-" + order
                + "\",\"payment_method\":\"pm_card_visa\",\"payee_id\":\"" + payee + "\"}", correlationId);
    }

    @Test
    void a_payee_account_that_cannot_receive_transfers_is_refused_before_anything_is_stored() {
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        Reply unknown = put("/api/v1/payees/" + payee, ADMIN_KEY, "{\"connect_account_id\":\"acct_doesnotexist123\"}");
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals("connect_account_id", unknown.json().get("field").asText());
        String restricted = connectAccount(false);
        Reply noTransfers = put("/api/v1/payees/" + payee, ADMIN_KEY, "{\"connect_account_id\":\"" + restricted + "\"}");
        assertEquals(422, noTransfers.status(), noTransfers.body());
        assertEquals("connect_account_id", noTransfers.json().get("field").asText());
        assertEquals(0, count("SELECT count(*) FROM payees WHERE payee_id = ?", payee), "nothing stored");

        String usable = connectAccount(true);
        assertEquals(200, put("/api/v1/payees/" + payee, ADMIN_KEY, "{\"connect_account_id\":\"" + usable + "\"}").status());
        assertEquals(usable, queryString("SELECT connect_account_id FROM payees WHERE payee_id = ?", payee));
    }

    @Test
    void a_release_to_an_account_that_cannot_be_paid_captures_nothing() {
        String order = "order-" + UUID.randomUUID();
        Reply held = authorize(order, "nobody", "corr-" + order);
        String pi = held.json().get("payment_intent_id").asText();
        for (String account : new String[] {"acct_doesnotexist456", connectAccount(false)}) {
            Reply refused = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY,
                    "{\"payee_id\":\"nobody\",\"connect_account_id\":\"" + account + "\"}", null);
            assertEquals(409, refused.status(), refused.body());
            assertEquals("https://payroute.dev/problems/payee-account-unusable", refused.json().get("type").asText());
            assertEquals("AUTHORIZED", refused.json().get("payment_status").asText());
        }
        assertEquals(0, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/capture"), "nothing captured");
        assertEquals("AUTHORIZED", get("/api/v1/escrow/" + order, PAYMENTS_KEY).json().get("status").asText());
        assertNull(queryString("SELECT escrow_decision FROM payments WHERE order_id = ?", order), "no release was decided");
        assertEquals(0, count("SELECT count(*) FROM payees WHERE payee_id = 'nobody'"));
        // The order can still be reverted: nothing was decided.
        assertEquals("CANCELED", post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{}", null).json().get("status").asText());
    }

    @Test
    void a_transfer_that_fails_after_the_capture_is_finished_by_the_sweeper_and_never_captured_again() {
        String order = "order-" + UUID.randomUUID();
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        registerPayee(payee);
        Reply held = authorize(order, payee, "corr-auth-" + order);
        String paymentId = held.json().get("id").asText();
        String pi = held.json().get("payment_intent_id").asText();
        standIn.faults().failNext("POST", "/v1/transfers", FaultKind.HTTP_500, 1000);

        Reply failed = postCorrelated("/api/v1/escrow/" + order + "/release", "{}", "corr-release-" + order);
        assertEquals(503, failed.status(), failed.body());
        assertEquals("SUCCEEDED", paymentStatus(paymentId), "captured; the transfer waits");
        Reply revert = post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{}", null);
        assertEquals(409, revert.status(), "a decided release cannot be reverted: " + revert.body());
        assertEquals("RELEASE", revert.json().get("escrow_decision").asText());

        await("the sweeper has tried the transfer and recorded why it failed", () -> {
            JsonNode items = get("/api/v1/admin/escrow/unfinished", ADMIN_KEY).json().get("items");
            for (JsonNode item : items) {
                if (item.get("payment_id").asText().equals(paymentId) && item.get("attempts").asInt() >= 1) {
                    assertEquals("RELEASE", item.get("operation").asText());
                    assertEquals("SUCCEEDED", item.get("payment_status").asText());
                    assertTrue(item.get("last_error").asText().contains("500"), item.toString());
                    return true;
                }
            }
            return false;
        });

        standIn.faults().clear();
        await("the sweeper releases the payment", () -> "RELEASED".equals(paymentStatus(paymentId)));
        assertEquals(1, standIn.executedCount("POST", "/v1/payment_intents/" + pi + "/capture"), "captured once");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.released'", paymentId));
        assertEquals("corr-release-" + order, queryString("SELECT correlation_id FROM outbox WHERE aggregate_id = ?"
                + " AND event_type = 'payment.released'", paymentId), "the outcome answers the release that caused it");
        assertEquals(0, count("SELECT count(*) FROM payments WHERE id = ? AND operation IS NOT NULL", UUID.fromString(paymentId)));
        assertEquals("RELEASED", post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null).json().get("status").asText());
    }

    @Test
    void an_interrupted_hold_creation_keeps_the_order_and_is_completed_by_the_sweeper() {
        String order = "order-" + UUID.randomUUID();
        standIn.faults().failNext("POST", "/v1/payment_intents", FaultKind.HTTP_500, 1000);
        Reply failed = authorize(order, "p", "corr-interrupted-" + order);
        assertEquals(503, failed.status(), failed.body());
        assertEquals("PENDING", queryString("SELECT status FROM payments WHERE order_id = ?", order));
        Reply other = authorize(order, "p", "corr-other-" + order);
        assertEquals(409, other.status(), "the order's hold is still being created: " + other.body());

        standIn.faults().clear();
        await("the sweeper has created the hold", () -> "AUTHORIZED".equals(queryString("SELECT status FROM payments WHERE order_id = ?", order)));
        String paymentId = queryString("SELECT id::text FROM payments WHERE order_id = ?", order);
        assertEquals(1, count("SELECT count(*) FROM payments WHERE order_id = ?", order));
        assertEquals("corr-interrupted-" + order, queryString("SELECT correlation_id FROM outbox WHERE aggregate_id = ?"
                + " AND event_type = 'payment.authorized'", paymentId));
        String pi = queryString("SELECT payment_intent_id FROM payments WHERE id = ?", UUID.fromString(paymentId));
        assertEquals(paymentId, standIn.object(pi).orElseThrow(() -> new AssertionError("no " + pi + " at the stand-in; "
                + standIn.requestCount("POST", "/v1/payment_intents") + " creates")).get("metadata").get("payroute_payment_id").asText());
    }

    @Test
    void a_hold_stripe_refuses_as_invalid_leaves_nothing_behind() {
        String order = "order-" + UUID.randomUUID();
        String before = tableSnapshot();
        Reply refused = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY,
                "{\"amount\":3000,\"customer_id\":\"c\",\"payment_method\":\"pm_card_visa\",\"stripe_customer_id\":\"cus_doesnotexist\"}", null);
        assertTrue(refused.status() >= 400 && refused.status() < 500, refused.status() + " " + refused.body());
        assertEquals(before, tableSnapshot());
        assertEquals("AUTHORIZED", authorize(order, "p", "corr-" + order).json().get("status").asText(), "the order is free");
    }

    @Test
    void outcomes_reported_by_stripe_carry_the_correlation_id_of_the_operation() throws Exception {
        String order = "order-" + UUID.randomUUID();
        Reply action = postCorrelated("/api/v1/escrow/" + order + "/authorize", "{\"amount\":900,\"customer_id\":\"c\","
                + "\"payment_method\":\"pm_card_threeDSecure2Required\",\"return_url\":\"https://shop.example/back\"}", "corr-3ds-" + order);
        assertEquals("REQUIRES_ACTION", action.json().get("status").asText(), action.body());
        String paymentId = action.json().get("id").asText();
        standIn.authenticate(action.json().get("payment_intent_id").asText(), true);
        await("the webhook authorises the hold", () -> "AUTHORIZED".equals(paymentStatus(paymentId)));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.requires_action'"
                + " AND correlation_id = ?", paymentId, "corr-3ds-" + order));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.authorized'"
                + " AND correlation_id = ? AND payload->>'stripe_event_id' LIKE 'evt_%'", paymentId, "corr-3ds-" + order));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'", paymentId));

        String canceledOrder = "order-" + UUID.randomUUID();
        Reply held = authorize(canceledOrder, "p", "corr-held-" + canceledOrder);
        String heldId = held.json().get("id").asText();
        stripe().v1().paymentIntents().cancel(held.json().get("payment_intent_id").asText());
        await("Stripe's cancel is applied", () -> "CANCELED".equals(paymentStatus(heldId)));
        JsonNode failed = JSON.readTree(queryString("SELECT payload::text FROM outbox WHERE aggregate_id = ?"
                + " AND event_type = 'payment.failed'", heldId));
        assertNotNull(failed, "a hold Stripe canceled is payment.failed for the saga");
        assertEquals("corr-held-" + canceledOrder, failed.get("correlation_id").asText());
        assertEquals("hold_canceled", failed.get("reason").asText());
        assertTrue(failed.get("stripe_event_id").asText().startsWith("evt_"));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.reverted'", heldId));
    }
}
