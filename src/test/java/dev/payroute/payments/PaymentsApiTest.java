package dev.payroute.payments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentsApiTest extends RouteTestSupport {

    private JsonNode create(String orderId, long amount) {
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, paymentJson(orderId, amount), null);
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    @Test
    void a_payment_goes_from_create_to_succeeded_with_a_test_card() {
        String order = "order-" + UUID.randomUUID();
        JsonNode created = create(order, 2098);
        String id = created.get("id").asText();
        assertEquals("PENDING", created.get("status").asText());
        assertEquals(2098, created.get("amount").asLong());
        assertEquals("usd", created.get("currency").asText());
        assertTrue(created.get("reference").asText().startsWith("PAY-"));
        String intentId = created.get("payment_intent_id").asText();
        assertTrue(intentId.startsWith("pi_"));
        assertTrue(created.get("client_secret").asText().startsWith(intentId + "_secret_"));

        JsonNode fetched = get("/api/v1/payments/" + id, PAYMENTS_KEY).json();
        assertEquals(id, fetched.get("id").asText());
        assertFalse(fetched.has("client_secret"), "only the creating caller sees the client secret");

        Reply confirmed = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText());
        assertEquals("4242", confirmed.json().at("/card/last4").asText());
        assertEquals("visa", confirmed.json().at("/card/brand").asText());
        assertEquals(2098, confirmed.json().get("amount_received").asLong());

        assertEquals("SUCCEEDED", queryString("SELECT status FROM payments WHERE id = ?", UUID.fromString(id)));
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND outcome = 'APPLIED'"
                + " AND from_status = 'PENDING' AND to_status = 'SUCCEEDED'", UUID.fromString(id)));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.initiated'", id));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.completed'"
                + " AND payload->>'order_id' = ? AND payload->>'correlation_id' IS NOT NULL", id, order));
    }

    @Test
    void polling_by_reference_shows_status_and_card_but_nothing_secret() {
        JsonNode created = create("order-" + UUID.randomUUID(), 1500);
        post("/api/v1/payments/" + created.get("id").asText() + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_mastercard\"}", null);
        Reply polled = get("/api/v1/payments/reference/" + created.get("reference").asText(), PAYMENTS_KEY);
        assertEquals(200, polled.status(), polled.body());
        assertEquals("SUCCEEDED", polled.json().get("status").asText());
        assertEquals("4444", polled.json().at("/card/last4").asText());
        assertNoSecrets(polled.json());
        assertFalse(polled.body().contains("pi_"), "no provider ids in the polling view");
        assertEquals(404, get("/api/v1/payments/reference/PAY-NOSUCHTHING", PAYMENTS_KEY).status());
    }

    @Test
    void payments_are_listed_by_order_booking_and_user_with_pages() {
        String order = "order-" + UUID.randomUUID();
        String booking = "booking-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            Reply r = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":" + (100 + i) + ",\"currency\":\"eur\",\"order_id\":\""
                    + order + "\",\"booking_id\":\"" + booking + "\",\"user_id\":\"u-" + order + "\"}", null);
            assertEquals(201, r.status(), r.body());
        }
        JsonNode byOrder = get("/api/v1/payments/order/" + order + "?page=1&page_size=2", PAYMENTS_KEY).json();
        assertEquals(3, byOrder.get("total").asLong());
        assertEquals(2, byOrder.get("items").size());
        assertEquals(1, byOrder.get("page").asInt());
        assertEquals(2, byOrder.get("page_size").asInt());
        JsonNode page2 = get("/api/v1/payments/order/" + order + "?page=2&page_size=2", PAYMENTS_KEY).json();
        assertEquals(1, page2.get("items").size());
        assertEquals(3, get("/api/v1/payments/booking/" + booking, PAYMENTS_KEY).json().get("items").size());
        JsonNode byUser = get("/api/v1/payments/user/u-" + order, PAYMENTS_KEY).json();
        assertEquals(3, byUser.get("total").asLong());
        for (JsonNode item : byUser.get("items")) {
            assertFalse(item.has("client_secret"));
        }
        JsonNode none = get("/api/v1/payments/booking/nothing-" + UUID.randomUUID(), PAYMENTS_KEY).json();
        assertEquals(0, none.get("total").asLong());
        assertEquals(0, none.get("items").size());
        Reply badPage = get("/api/v1/payments/order/" + order + "?page=0", PAYMENTS_KEY);
        assertEquals(400, badPage.status());
        assertEquals("page", badPage.json().get("field").asText());
    }

    @Test
    void a_declined_card_is_recorded_as_failed_and_answered_402() {
        JsonNode created = create("order-" + UUID.randomUUID(), 3000);
        String id = created.get("id").asText();
        Reply declined = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_chargeDeclined\"}", null);
        assertEquals(402, declined.status(), declined.body());
        assertTrue(declined.contentType().startsWith("application/problem+json"));
        assertEquals("FAILED", declined.json().get("payment_status").asText());
        assertEquals(402, declined.json().get("status").asInt());
        assertEquals("generic_decline", declined.json().get("decline_code").asText());
        assertEquals("payment_method", declined.json().get("field").asText());
        assertEquals("FAILED", queryString("SELECT status FROM payments WHERE id = ?", UUID.fromString(id)));
        assertEquals("card_declined", queryString("SELECT failure_code FROM payments WHERE id = ?", UUID.fromString(id)));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'payment.failed'", id));

        Reply insufficient = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_chargeDeclinedInsufficientFunds\"}", null);
        assertEquals(402, insufficient.status());
        assertEquals("insufficient_funds", insufficient.json().get("decline_code").asText());

        Reply retried = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(200, retried.status(), retried.body());
        assertEquals("SUCCEEDED", retried.json().get("status").asText());
        assertTrue(retried.json().get("failure").isNull(), "a later success clears the failure");
    }

    @Test
    void three_d_secure_answers_requires_action_with_the_redirect() {
        JsonNode created = create("order-" + UUID.randomUUID(), 4200);
        Reply r = post("/api/v1/payments/" + created.get("id").asText() + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_threeDSecure2Required\",\"return_url\":\"https://shop.example/done\"}", null);
        assertEquals(200, r.status(), r.body());
        assertEquals("REQUIRES_ACTION", r.json().get("status").asText());
        assertEquals("redirect_to_url", r.json().at("/next_action/type").asText());
        assertNotNull(r.json().at("/next_action/redirect_url").textValue());
        assertEquals("requires_action", standIn.object(created.get("payment_intent_id").asText()).orElseThrow()
                .get("status").asText());
    }

    @Test
    void three_d_secure_without_a_return_url_is_left_to_stripe_js_and_the_payment_succeeds_once_authenticated() {
        JsonNode created = create("order-" + UUID.randomUUID(), 4200);
        String id = created.get("id").asText();
        Reply r = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_threeDSecure2Required\"}", null);
        assertEquals(200, r.status(), r.body());
        assertEquals("REQUIRES_ACTION", r.json().get("status").asText());
        assertEquals("use_stripe_sdk", r.json().at("/next_action/type").asText(), "Stripe.js handles it with the client secret");
        assertTrue(r.json().at("/next_action/redirect_url").isNull(), r.body());

        standIn.authenticate(created.get("payment_intent_id").asText(), true);
        await("the payment succeeds by its webhook", () -> "SUCCEEDED".equals(paymentStatus(id)));
    }

    @Test
    void confirming_a_payment_that_already_succeeded_is_a_conflict_and_calls_stripe_not_at_all() {
        JsonNode created = create("order-" + UUID.randomUUID(), 500);
        String id = created.get("id").asText();
        assertEquals(200, post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null).status());
        int confirmsBefore = standIn.requestCount("POST", "/v1/payment_intents/" + created.get("payment_intent_id").asText() + "/confirm");
        Reply again = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(409, again.status());
        assertEquals("SUCCEEDED", again.json().get("payment_status").asText());
        assertEquals(409, again.json().get("status").asInt());
        assertEquals(confirmsBefore, standIn.requestCount("POST", "/v1/payment_intents/" + created.get("payment_intent_id").asText() + "/confirm"));
    }

    @Test
    void unknown_payments_are_404_problems() {
        Reply byId = get("/api/v1/payments/" + UUID.randomUUID(), PAYMENTS_KEY);
        assertEquals(404, byId.status());
        assertTrue(byId.contentType().startsWith("application/problem+json"));
        assertEquals(404, get("/api/v1/payments/not-a-uuid", PAYMENTS_KEY).status());
        assertEquals(404, post("/api/v1/payments/" + UUID.randomUUID() + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_visa\"}", null).status());
    }

    @Test
    void responses_never_echo_the_callers_api_key() {
        Reply r = get("/api/v1/payments/" + UUID.randomUUID(), PAYMENTS_KEY);
        assertNull(r.header("Authorization"));
        r.raw().headers().map().forEach((name, values) ->
                values.forEach(v -> assertFalse(v.contains(PAYMENTS_KEY), name)));
    }

    static void assertNoSecrets(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                assertFalse(f.getKey().contains("secret"), f.getKey());
                assertNoSecrets(f.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(PaymentsApiTest::assertNoSecrets);
        } else if (node.isTextual()) {
            assertFalse(node.textValue().contains("_secret_"), node.textValue());
            assertFalse(node.textValue().startsWith("sk_"), node.textValue());
        }
    }
}
