package dev.payroute.billing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.security.ApiKeys;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.TestRun;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BillingRecordsTest extends RouteTestSupport {

    private static String actor(String key) {
        return ApiKeys.parse(key + ":payments").authorize("Bearer " + key, ApiKeys.Scope.PAYMENTS);
    }

    private JsonNode bookingPayment(String booking, String guest, long amount) {
        Reply r = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":" + amount + ",\"currency\":\"eur\",\"booking_id\":\""
                + booking + "\",\"guest_id\":\"" + guest + "\"}", null);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private static List<String> kinds(JsonNode page) {
        List<String> kinds = new ArrayList<>();
        page.get("items").forEach(item -> kinds.add(item.get("kind").asText()));
        return kinds;
    }

    @Test
    void a_payment_captured_through_the_api_is_recorded_with_the_api_key_name() {
        String booking = "booking-" + UUID.randomUUID();
        String guest = "guest-" + UUID.randomUUID();
        JsonNode payment = bookingPayment(booking, guest, 4200);
        String id = payment.get("id").asText();
        assertEquals(0, get("/api/v1/billing/booking/" + booking, PAYMENTS_KEY).json().get("total").asLong(),
                "creating a payment moves no money");

        String correlationId = "corr-" + UUID.randomUUID();
        Reply confirmed;
        // The stand-in's own webhooks are held back, so that the API's answer is what records the capture.
        standIn.withholdWebhooks("*", true);
        try {
            confirmed = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + PORT
                            + "/api/v1/payments/" + id + "/confirm"))
                    .header("Authorization", "Bearer " + OTHER_PAYMENTS_KEY).header("Content-Type", "application/json")
                    .header("X-Correlation-Id", correlationId)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"payment_method\":\"pm_card_visa\"}")));
        } finally {
            standIn.withholdWebhooks("*", false);
        }
        assertEquals(200, confirmed.status(), confirmed.body());
        // A later webhook reporting the same change is not recorded again.
        String late = event("payment_intent.succeeded", paymentIntent(payment.get("payment_intent_id").asText(), "succeeded", 4200));
        assertEquals(200, postWebhook(late).status());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(late)));

        JsonNode page = get("/api/v1/billing/booking/" + booking, PAYMENTS_KEY).json();
        assertEquals(1, page.get("total").asLong(), page.toString());
        JsonNode record = page.at("/items/0");
        assertEquals("payment_captured", record.get("kind").asText());
        assertEquals(id, record.get("payment_id").asText());
        assertEquals(booking, record.get("booking_id").asText());
        assertEquals(guest, record.get("guest_id").asText());
        assertEquals(4200, record.get("amount").asLong());
        assertEquals("eur", record.get("currency").asText());
        assertEquals(OTHER_PAYMENTS_KEY_NAME, record.get("actor").asText(), "a named key is recorded by its name");
        assertEquals(correlationId, record.get("correlation_id").asText());
        assertNotNull(record.get("created_at").textValue());
        assertTrue(record.get("invoice_id").isNull());

        JsonNode byGuest = get("/api/v1/billing/guest/" + guest, PAYMENTS_KEY).json();
        assertEquals(1, byGuest.get("total").asLong());
        assertEquals(1, byGuest.get("page").asInt());
        assertEquals(50, byGuest.get("page_size").asInt());
    }

    @Test
    void each_refund_is_recorded_when_it_succeeds_and_an_over_refund_records_nothing() {
        String booking = "booking-" + UUID.randomUUID();
        JsonNode payment = bookingPayment(booking, "guest-" + UUID.randomUUID(), 4200);
        String id = payment.get("id").asText();
        Reply partial;
        Reply rest;
        // Stripe's webhooks are held back, so that the answers of the refund calls record the refunds (a webhook
        // that came first would record them with actor stripe).
        standIn.withholdWebhooks("*", true);
        try {
            assertEquals(200, post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}",
                    null).status());
            partial = post("/api/v1/refunds", OTHER_PAYMENTS_KEY, "{\"payment_id\":\"" + id + "\",\"amount\":1000}", null);
            assertEquals(201, partial.status(), partial.body());
            assertEquals(409, post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + id + "\",\"amount\":3201}", null)
                    .status());
            rest = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + id + "\"}", null);
        } finally {
            standIn.withholdWebhooks("*", false);
        }
        assertEquals(201, rest.status(), rest.body());
        assertEquals("SUCCEEDED", rest.json().get("status").asText(), rest.body());

        JsonNode page = get("/api/v1/billing/booking/" + booking, PAYMENTS_KEY).json();
        assertEquals(List.of("payment_refunded", "payment_refunded", "payment_captured"), kinds(page), page.toString());
        assertEquals(3200, page.at("/items/0/amount").asLong());
        assertEquals(rest.json().get("id").asText(), page.at("/items/0/refund_id").asText());
        assertEquals(actor(PAYMENTS_KEY), page.at("/items/0/actor").asText());
        assertEquals(1000, page.at("/items/1/amount").asLong());
        assertEquals(partial.json().get("id").asText(), page.at("/items/1/refund_id").asText());
        assertEquals(OTHER_PAYMENTS_KEY_NAME, page.at("/items/1/actor").asText());
    }

    @Test
    void a_declined_payment_is_recorded_as_failed_and_lists_are_newest_first_and_paged() {
        String booking = "booking-" + UUID.randomUUID();
        String guest = "guest-" + UUID.randomUUID();
        String first = bookingPayment(booking, guest, 700).get("id").asText();
        assertEquals(402, post("/api/v1/payments/" + first + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_chargeDeclined\"}", null).status());
        assertEquals(200, post("/api/v1/payments/" + first + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_visa\"}", null).status());
        JsonNode page = get("/api/v1/billing/booking/" + booking, PAYMENTS_KEY).json();
        assertEquals(List.of("payment_captured", "payment_failed"), kinds(page));
        JsonNode second = get("/api/v1/billing/guest/" + guest + "?page=2&page_size=1", PAYMENTS_KEY).json();
        assertEquals(List.of("payment_failed"), kinds(second));
        assertEquals(2, second.get("total").asLong());
        Reply badPage = get("/api/v1/billing/guest/" + guest + "?page_size=0", PAYMENTS_KEY);
        assertEquals(400, badPage.status());
        assertEquals("page_size", badPage.json().get("field").asText());
        assertEquals(401, get("/api/v1/billing/guest/" + guest, null).status());
    }

    @Test
    void guest_lists_cover_payments_made_with_a_user_id() {
        String user = "user-" + UUID.randomUUID();
        Reply r = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":900,\"currency\":\"usd\",\"user_id\":\"" + user + "\"}", null);
        String id = r.json().get("id").asText();
        post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        JsonNode page = get("/api/v1/billing/guest/" + user, PAYMENTS_KEY).json();
        assertEquals(List.of("payment_captured"), kinds(page));
        assertEquals(user, page.at("/items/0/user_id").asText());
    }

    @Test
    void a_change_stripe_reports_is_recorded_with_actor_stripe_once() {
        String booking = "booking-" + UUID.randomUUID();
        JsonNode payment = bookingPayment(booking, "guest-" + UUID.randomUUID(), 3100);
        String intent = payment.get("payment_intent_id").asText();
        String succeeded = event("payment_intent.succeeded", paymentIntent(intent, "succeeded", 3100));
        assertEquals(200, postWebhook(succeeded).status());
        assertEquals("PROCESSED", awaitWebhookDone(idOf(succeeded)));
        String again = event("payment_intent.succeeded", paymentIntent(intent, "succeeded", 3100));
        assertEquals(200, postWebhook(again).status());
        awaitWebhookDone(idOf(again));

        JsonNode page = get("/api/v1/billing/booking/" + booking, PAYMENTS_KEY).json();
        assertEquals(List.of("payment_captured"), kinds(page), page.toString());
        assertEquals("stripe", page.at("/items/0/actor").asText());
        assertEquals(3100, page.at("/items/0/amount").asLong());
    }

    private Reply authorize(String order, long amount, String payee) {
        return post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, "{\"amount\":" + amount + ",\"customer_id\":\"cust-"
                + order + "\",\"payment_method\":\"pm_card_visa\",\"payee_id\":\"" + payee + "\"}", null);
    }

    @Test
    void escrow_holds_releases_cancels_and_refunds_are_recorded() {
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        registerPayee(payee);
        String released = "order-" + UUID.randomUUID();
        String canceled = "order-" + UUID.randomUUID();
        JsonNode release;
        standIn.withholdWebhooks("*", true);
        try {
            assertEquals(200, authorize(released, 5000, payee).status());
            release = post("/api/v1/escrow/" + released + "/release", PAYMENTS_KEY, "{}", null).json();
            assertEquals("RELEASED", release.get("status").asText(), release.toString());
            assertEquals(200, authorize(canceled, 800, payee).status());
            assertEquals("CANCELED", post("/api/v1/escrow/" + canceled + "/revert", PAYMENTS_KEY, "{}", null).json()
                    .get("status").asText());
        } finally {
            standIn.withholdWebhooks("*", false);
        }
        JsonNode page = get("/api/v1/billing/guest/cust-" + released, PAYMENTS_KEY).json();
        assertEquals(List.of("payment_transferred", "payment_captured", "payment_authorized"), kinds(page), page.toString());
        assertEquals(release.get("payee_amount").asLong(), page.at("/items/0/amount").asLong());
        assertEquals(5000, page.at("/items/1/amount").asLong());
        page.get("items").forEach(item -> assertEquals(actor(PAYMENTS_KEY), item.get("actor").asText()));
        assertEquals(List.of("payment_canceled", "payment_authorized"),
                kinds(get("/api/v1/billing/guest/cust-" + canceled, PAYMENTS_KEY).json()));

        // Captured at Stripe (its webhook applies the capture), then reverted through the API: a refund.
        String refunded = "order-" + UUID.randomUUID();
        JsonNode held = authorize(refunded, 2400, payee).json();
        try {
            stripe().v1().paymentIntents().capture(held.get("payment_intent_id").asText());
        } catch (com.stripe.exception.StripeException e) {
            throw new AssertionError(e);
        }
        await("the capture's webhook is applied", () -> "SUCCEEDED".equals(paymentStatus(held.get("id").asText())));
        // The refund's own webhooks are held back: the revert's answer from Stripe records the refund.
        standIn.withholdWebhooks("*", true);
        try {
            assertEquals("REFUNDED", post("/api/v1/escrow/" + refunded + "/revert", PAYMENTS_KEY, "{}", null).json()
                    .get("status").asText());
        } finally {
            standIn.withholdWebhooks("*", false);
        }
        JsonNode refundPage = get("/api/v1/billing/guest/cust-" + refunded, PAYMENTS_KEY).json();
        assertEquals("payment_refunded", refundPage.at("/items/0/kind").asText(), refundPage.toString());
        assertEquals(2400, refundPage.at("/items/0/amount").asLong());
        assertEquals(queryString("SELECT id FROM refunds WHERE payment_id = ?", UUID.fromString(held.get("id").asText())),
                refundPage.at("/items/0/refund_id").asText());
        assertEquals(actor(PAYMENTS_KEY), refundPage.at("/items/0/actor").asText());
        assertEquals(1, count("SELECT count(*) FROM billing_records WHERE payment_id = ? AND kind = 'payment_captured'"
                + " AND actor = 'stripe'", UUID.fromString(held.get("id").asText())));
    }

    @Test
    void the_database_refuses_update_delete_and_truncate_even_for_a_superuser() throws SQLException {
        String booking = "booking-" + UUID.randomUUID();
        String id = bookingPayment(booking, "g", 1500).get("id").asText();
        post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        long rows = count("SELECT count(*) FROM billing_records");
        assertTrue(rows > 0);
        String before = queryString("SELECT string_agg(id || kind || amount || actor, ',' ORDER BY id) FROM billing_records");
        try (Connection c = TestRun.connect(); Statement st = c.createStatement()) {
            assertEquals("postgres", queryOne(st, "SELECT current_user"));
            assertEquals("on", queryOne(st, "SHOW is_superuser"));
            for (String sql : List.of(
                    "UPDATE billing_records SET amount = 0 WHERE booking_id = '" + booking + "'",
                    "DELETE FROM billing_records WHERE booking_id = '" + booking + "'",
                    "TRUNCATE billing_records",
                    "TRUNCATE billing_records CASCADE")) {
                SQLException refused = assertThrows(SQLException.class, () -> st.execute(sql), sql);
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
            // The usual way a superuser session skips triggers does not skip these.
            st.execute("SET session_replication_role = replica");
            assertThrows(SQLException.class, () -> st.execute("DELETE FROM billing_records"));
            assertThrows(SQLException.class, () -> st.execute("UPDATE billing_records SET actor = 'x'"));
            st.execute("SET session_replication_role = origin");
        }
        assertEquals(rows, count("SELECT count(*) FROM billing_records"));
        assertEquals(before, queryString("SELECT string_agg(id || kind || amount || actor, ',' ORDER BY id) FROM billing_records"));
        assertEquals(1, count("SELECT count(*) FROM billing_records WHERE booking_id = ? AND amount = 1500", booking));
    }

    private static String queryOne(Statement st, String sql) throws SQLException {
        try (var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
