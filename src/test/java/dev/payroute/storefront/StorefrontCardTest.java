package dev.payroute.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Carts paid by card against the stand-in: a PaymentIntent for each of the seed's test cards, hosted Checkout
 * completed, expired and lost, the order created exactly once, a refund marking the order.
 */
class StorefrontCardTest extends StorefrontTestSupport {

    @org.apache.camel.BeanInject("reconciler")
    dev.payroute.payments.Reconciler reconciler;

    @Test
    void a_cart_paid_with_4242_becomes_one_paid_order_with_the_totals_computed_by_payroute() {
        String user = newUser();
        JsonNode payment = cartPayment(user, 2);
        String paymentId = payment.get("id").asText();
        assertEquals(2 * 999 + 1500, payment.get("amount").asLong(), "totals come from the items");
        assertEquals("usd", payment.get("currency").asText());
        assertEquals("PENDING", payment.get("status").asText());
        assertTrue(payment.get("client_secret").asText().startsWith(payment.get("payment_intent_id").asText() + "_secret_"));
        assertEquals(2, payment.get("items").size());
        assertEquals(1998, payment.at("/items/0/subtotal_cents").asLong());
        assertEquals(0, orders(user).get("total").asLong(), "no order before the payment succeeds");

        Reply confirmed = confirm(paymentId, "pm_card_visa");
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText());

        JsonNode list = orders(user);
        assertEquals(1, list.get("total").asLong(), list.toString());
        assertEquals(1, list.get("page").asInt());
        JsonNode order = list.get("items").get(0);
        assertEquals(payment.get("order_id").asText(), order.get("id").asText(), "the payment names its order in advance");
        assertEquals("PAID", order.get("status").asText());
        assertEquals("card", order.get("paid_with").asText());
        assertEquals(paymentId, order.get("payment_id").asText());
        assertEquals(3498, order.get("total_cents").asLong());
        assertEquals("book_1", order.at("/items/0/book_id").asText());
        assertEquals(2, order.at("/items/0/quantity").asLong());
        assertEquals("Book Title", order.at("/items/0/title").asText());
        JsonNode byId = get("/api/v1/orders/" + order.get("id").asText(), PAYMENTS_KEY).json();
        assertEquals(order, byId);
        assertEquals(1, events("order.created", order.get("id").asText()));
    }

    @Test
    void the_success_seen_three_times_makes_one_order() {
        String user = newUser();
        JsonNode payment = cartPayment(user, 1);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        assertEquals("SUCCEEDED", confirm(paymentId, "pm_card_visa").json().get("status").asText()); // 1: the confirm answer
        awaitWebhooksOf(pi, "payment_intent.succeeded", 1); // 2: the webhook
        String eventId = queryString("SELECT stripe_event_id FROM webhook_events WHERE event_type = 'payment_intent.succeeded'"
                + " AND object_id = ?", pi);
        standIn.redeliver(eventId); // 3: Stripe sends it again
        await("the redelivery is delivered", () -> standIn.deliveredEventIds().stream().filter(eventId::equals).count() >= 2);
        String reconciled = reconciler.reconcile(java.util.Map.of("id", UUID.fromString(paymentId), "payment_intent_id", pi)); // 4
        assertTrue(reconciled.endsWith("UNCHANGED"), reconciled);
        assertEquals(1, orders(user).get("total").asLong());
        assertEquals(1, count("SELECT count(*) FROM orders WHERE payment_id = ?", UUID.fromString(paymentId)));
        assertEquals(1, events("order.created", payment.get("order_id").asText()));
    }

    @Test
    void declined_cards_make_no_order_and_the_payment_may_be_tried_again() {
        String user = newUser();
        JsonNode payment = cartPayment(user, 1);
        String paymentId = payment.get("id").asText();
        Reply declined = confirm(paymentId, "pm_card_chargeDeclined"); // 4000000000000002
        assertEquals(402, declined.status(), declined.body());
        assertEquals("generic_decline", declined.json().get("decline_code").asText(), declined.body());
        assertEquals("FAILED", paymentStatus(paymentId));
        assertEquals(0, orders(user).get("total").asLong());

        Reply poor = confirm(paymentId, "pm_card_chargeDeclinedInsufficientFunds"); // 4000000000009995
        assertEquals(402, poor.status(), poor.body());
        assertEquals("insufficient_funds", poor.json().get("decline_code").asText(), poor.body());
        assertEquals(0, orders(user).get("total").asLong());
        assertEquals(0, events("order.created", payment.get("order_id").asText()));

        assertEquals("SUCCEEDED", confirm(paymentId, "pm_card_visa").json().get("status").asText());
        assertEquals(1, orders(user).get("total").asLong());
    }

    @Test
    void a_3d_secure_card_pays_once_the_customer_has_authenticated_on_the_stand_in_page() {
        String user = newUser();
        JsonNode payment = cartPayment(user, 1);
        String paymentId = payment.get("id").asText();
        Reply action = confirm(paymentId, "pm_card_authenticationRequiredOnSetup"); // 4000002500003155
        assertEquals(200, action.status(), action.body());
        assertEquals("REQUIRES_ACTION", action.json().get("status").asText());
        assertTrue(action.json().at("/next_action/redirect_url").asText().contains("/_standin/3ds/"), action.body());
        assertEquals(0, orders(user).get("total").asLong());

        standIn.authenticate(payment.get("payment_intent_id").asText(), true);
        await("the payment succeeds by its webhook", () -> "SUCCEEDED".equals(paymentStatus(paymentId)));
        JsonNode order = orders(user).get("items").get(0);
        assertEquals("PAID", order.get("status").asText());
        assertEquals(paymentId, order.get("payment_id").asText());
    }

    @Test
    void a_cart_payment_whose_intent_was_changed_to_take_less_at_stripe_makes_a_held_order_not_a_paid_one() throws Exception {
        String user = newUser();
        JsonNode payment = cartPayment(user, 1);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        String orderId = payment.get("order_id").asText();
        // Someone with the secret key lowers the intent's amount behind payroute's back, then pays it.
        stripe().v1().paymentIntents().update(pi, com.stripe.param.PaymentIntentUpdateParams.builder().setAmount(60L).build());
        stripe().v1().paymentIntents().confirm(pi,
                com.stripe.param.PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());
        await("the payment succeeds by its webhook", () -> "SUCCEEDED".equals(paymentStatus(paymentId)));

        assertEquals(60, count("SELECT amount_received FROM payments WHERE id = ?", UUID.fromString(paymentId)));
        JsonNode order = get("/api/v1/orders/" + orderId, PAYMENTS_KEY).json();
        assertEquals("AMOUNT_MISMATCH", order.get("status").asText(), order.toString());
        assertEquals(2499, order.get("total_cents").asLong(), "the order keeps what the cart cost");
        assertEquals(paymentId, order.get("payment_id").asText());
        assertEquals(0, events("order.created", orderId), "nothing is told a held order was paid");
        assertEquals(1, events("order.amount_mismatch", orderId));
        assertEquals("60", queryString("SELECT payload->>'amount_received' FROM outbox WHERE event_type = 'order.amount_mismatch'"
                + " AND aggregate_id = ?", orderId));
        assertEquals(1, count("SELECT count(*) FROM orders WHERE payment_id = ?", UUID.fromString(paymentId)));

        // A partial refund leaves it held; refunding all that was taken closes it.
        assertEquals(201, post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\",\"amount\":10}", null).status());
        order = get("/api/v1/orders/" + orderId, PAYMENTS_KEY).json();
        assertEquals("AMOUNT_MISMATCH", order.get("status").asText(), order.toString());
        assertEquals(10, order.get("amount_refunded").asLong());
        assertEquals(201, post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\"}", null).status());
        order = get("/api/v1/orders/" + orderId, PAYMENTS_KEY).json();
        assertEquals("REFUNDED", order.get("status").asText(), order.toString());
        assertEquals(60, order.get("amount_refunded").asLong());
    }

    @Test
    void a_refund_marks_the_card_order_partially_then_fully_refunded() {
        String user = newUser();
        JsonNode payment = cartPayment(user, 1);
        String paymentId = payment.get("id").asText();
        confirm(paymentId, "pm_card_visa");
        String orderId = payment.get("order_id").asText();

        Reply partial = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\",\"amount\":999}", null);
        assertEquals(201, partial.status(), partial.body());
        JsonNode order = get("/api/v1/orders/" + orderId, PAYMENTS_KEY).json();
        assertEquals("PARTIALLY_REFUNDED", order.get("status").asText());
        assertEquals(999, order.get("amount_refunded").asLong());

        Reply rest = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\"}", null);
        assertEquals(201, rest.status(), rest.body());
        order = get("/api/v1/orders/" + orderId, PAYMENTS_KEY).json();
        assertEquals("REFUNDED", order.get("status").asText());
        assertEquals(2499, order.get("amount_refunded").asLong());
        assertEquals(2, events("order.refunded", orderId));
    }

    private JsonNode checkoutSession(String user) {
        Reply r = post("/api/v1/checkout-sessions", PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + items(1)
                + ",\"customer_email\":\"user@example.com\"}", null);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    @Test
    void a_checkout_session_completed_on_the_hosted_page_becomes_an_order() {
        String user = newUser();
        JsonNode session = checkoutSession(user);
        String id = session.get("id").asText();
        assertTrue(id.startsWith("cs_test_"), id);
        assertEquals("open", session.get("status").asText());
        assertEquals("unpaid", session.get("payment_status").asText());
        assertTrue(session.get("url").asText().endsWith("/_standin/checkout/" + id), session.toString());
        assertTrue(session.get("expires_at").asText().matches("\\d{4}-.*Z"), session.toString());
        assertEquals(2499, session.get("amount_total").asLong());
        assertEquals("http://localhost:5173/checkout/success", session.get("success_url").asText(), "PAYMENT_SUCCESS_URL's default");
        assertEquals("http://localhost:5173/checkout/cancel", session.get("cancel_url").asText());
        JsonNode atStripe = standIn.object(id).orElseThrow();
        assertEquals(session.get("payment_id").asText(), atStripe.at("/metadata/payroute_payment_id").asText());

        // The customer on the stand-in's hosted page, as the README's curl walk-through does it.
        Reply page = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(session.get("url").asText())).GET());
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/_standin/checkout/sessions/" + id + "/complete"), page.body());
        Reply paid = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(standIn.baseUrl() + "/_standin/checkout/sessions/"
                        + id + "/complete")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("redirect=true")));
        assertEquals(303, paid.status(), paid.body());
        assertEquals("http://localhost:5173/checkout/success", paid.header("Location"));
        await("the session's payment succeeds", () -> "SUCCEEDED".equals(paymentStatus(session.get("payment_id").asText())));
        await("the session is complete", () -> "complete".equals(get("/api/v1/checkout-sessions/" + id, PAYMENTS_KEY).json()
                .get("status").asText()));
        JsonNode after = get("/api/v1/checkout-sessions/" + id, PAYMENTS_KEY).json();
        assertEquals("paid", after.get("payment_status").asText());
        JsonNode order = get("/api/v1/orders/" + after.get("order_id").asText(), PAYMENTS_KEY).json();
        assertEquals("PAID", order.get("status").asText());
        assertEquals("checkout", order.get("paid_with").asText());
        assertEquals(id, order.get("checkout_session_id").asText());
        String pi = standIn.object(id).orElseThrow().get("payment_intent").asText();
        awaitWebhooksOf(id, "checkout.session.completed", 1);
        awaitWebhooksOf(pi, "payment_intent.succeeded", 1);
        assertEquals(1, orders(user).get("total").asLong(), "the intent's and the session's webhooks make one order");
        assertEquals(1, events("order.created", order.get("id").asText()));
    }

    @Test
    void an_expired_checkout_session_cancels_its_payment_and_makes_no_order() {
        String user = newUser();
        JsonNode session = checkoutSession(user);
        String id = session.get("id").asText();
        Reply confirm = confirm(session.get("payment_id").asText(), "pm_card_visa");
        assertEquals(409, confirm.status(), "a hosted Checkout payment is paid on Stripe's page: " + confirm.body());
        standIn.expireCheckoutSession(id);
        await("the session's payment is canceled", () -> "CANCELED".equals(paymentStatus(session.get("payment_id").asText())));
        JsonNode after = get("/api/v1/checkout-sessions/" + id, PAYMENTS_KEY).json();
        assertEquals("expired", after.get("status").asText());
        assertEquals(0, orders(user).get("total").asLong());
    }

    @Test
    void a_checkout_session_whose_webhooks_are_lost_is_completed_by_reconciliation() {
        String user = newUser();
        JsonNode session = checkoutSession(user);
        String id = session.get("id").asText();
        standIn.withholdWebhooks("*", true);
        try {
            standIn.completeCheckoutSession(id);
            await("reconciliation finds the paid session", () -> "SUCCEEDED".equals(paymentStatus(session.get("payment_id").asText())));
        } finally {
            standIn.withholdWebhooks("*", false);
        }
        assertEquals("complete", get("/api/v1/checkout-sessions/" + id, PAYMENTS_KEY).json().get("status").asText());
        assertEquals(1, orders(user).get("total").asLong());
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND source = 'reconciliation'"
                + " AND outcome = 'APPLIED'", UUID.fromString(session.get("payment_id").asText())));
    }

    @Test
    void a_checkout_session_whose_completion_alone_is_lost_is_brought_up_to_date_once_its_payment_has_succeeded() {
        String user = newUser();
        JsonNode session = checkoutSession(user);
        String id = session.get("id").asText();
        UUID paymentId = UUID.fromString(session.get("payment_id").asText());
        standIn.withholdWebhooks("checkout.session.completed", true);
        try {
            standIn.completeCheckoutSession(id);
            // payment_intent.succeeded still arrives: the payment succeeds and its order is made before reconciliation looks.
            await("the payment succeeds by payment_intent.succeeded", () -> "SUCCEEDED".equals(paymentStatus(paymentId.toString())));
            await("reconciliation reads the session still open", () -> "complete".equals(
                    get("/api/v1/checkout-sessions/" + id, PAYMENTS_KEY).json().get("status").asText()));
        } finally {
            standIn.withholdWebhooks("checkout.session.completed", false);
        }
        assertEquals("paid", get("/api/v1/checkout-sessions/" + id, PAYMENTS_KEY).json().get("payment_status").asText());
        assertEquals("SUCCEEDED", paymentStatus(paymentId.toString()));
        assertEquals(1, count("SELECT count(*) FROM payment_transitions WHERE payment_id = ? AND to_status = 'SUCCEEDED'"
                + " AND outcome = 'APPLIED'", paymentId), "the success is applied once");
        assertEquals(1, count("SELECT count(*) FROM orders WHERE payment_id = ?", paymentId));
        assertEquals(1, events("order.created", session.get("order_id").asText()));
        assertEquals(1, events("payment.completed", paymentId.toString()));
    }

    @Test
    void a_checkout_session_whose_expiry_is_lost_is_canceled_by_reconciliation() {
        String user = newUser();
        JsonNode session = checkoutSession(user);
        String id = session.get("id").asText();
        standIn.withholdWebhooks("*", true);
        try {
            standIn.expireCheckoutSession(id);
            await("reconciliation finds the expired session", () -> "CANCELED".equals(paymentStatus(session.get("payment_id").asText())));
        } finally {
            standIn.withholdWebhooks("*", false);
        }
        assertEquals("expired", get("/api/v1/checkout-sessions/" + id, PAYMENTS_KEY).json().get("status").asText());
        assertEquals(0, orders(user).get("total").asLong());
    }

    @Test
    void carts_with_zero_or_negative_quantities_or_prices_are_refused_naming_the_field() {
        String user = newUser();
        for (String[] bad : new String[][] {
                {"[{\"book_id\":\"b\",\"quantity\":0,\"price_cents\":999}]", "items[0].quantity"},
                {"[{\"book_id\":\"b\",\"quantity\":-1,\"price_cents\":999}]", "items[0].quantity"},
                {"[{\"book_id\":\"b\",\"quantity\":1,\"price_cents\":999},{\"book_id\":\"c\",\"quantity\":1,\"price_cents\":0}]",
                        "items[1].price_cents"},
                {"[{\"book_id\":\"b\",\"quantity\":1,\"price_cents\":-5}]", "items[0].price_cents"},
                {"[{\"book_id\":\"b\",\"quantity\":1.5,\"price_cents\":5}]", "items[0].quantity"},
                {"[{\"quantity\":1,\"price_cents\":5}]", "items[0].book_id"},
                {"[]", "items"}}) {
            Reply r = assertRefusedBeforeAnySideEffect(bad[1].endsWith("book_id") ? 400 : 422, bad[1], () -> post(
                    "/api/v1/checkout/payment-intents", PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + bad[0] + "}", null));
            assertFalse(r.body().isEmpty());
            assertRefusedBeforeAnySideEffect(bad[1].endsWith("book_id") ? 400 : 422, bad[1], () -> post("/api/v1/checkout-sessions",
                    PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + bad[0] + ",\"customer_email\":\"a@b.example\"}", null));
        }
        assertRefusedBeforeAnySideEffect(422, "currency", () -> post("/api/v1/checkout/payment-intents", PAYMENTS_KEY,
                "{\"user_id\":\"" + user + "\",\"items\":" + items(1) + ",\"currency\":\"eur\"}", null));
        assertEquals(401, post("/api/v1/checkout/payment-intents", null, "{}", null).status());
        assertEquals(404, get("/api/v1/orders/" + UUID.randomUUID(), PAYMENTS_KEY).status());
        assertEquals(404, get("/api/v1/orders/nope", PAYMENTS_KEY).status());
        assertEquals(404, get("/api/v1/checkout-sessions/cs_test_nope", PAYMENTS_KEY).status());
    }
}
