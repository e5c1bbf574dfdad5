package dev.payroute.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audiobook payment service's documented API under /api/v1/payment/: request bodies as its frontend sends
 * them, every documented key of each answer with its casing and JSON type, and which endpoints need a key.
 */
class AudiobookCompatTest extends StorefrontTestSupport {

    private static final String BASE = "/api/v1/payment";
    /** The seed's TypeScript example item. */
    private static final String SEED_ITEMS = "[{\"book_id\":\"book_1\",\"quantity\":1,\"price_cents\":999,\"credits\":1,\"title\":\"Book Title\"}]";

    /** Asserts the object has exactly these keys (in this casing) with these JSON types ("string?" may be null). */
    private static void assertShape(JsonNode node, String... keysAndTypes) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < keysAndTypes.length; i += 2) {
            expected.put(keysAndTypes[i], keysAndTypes[i + 1]);
        }
        List<String> actual = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(actual::add);
        assertEquals(new ArrayList<>(expected.keySet()), actual, node.toString());
        expected.forEach((key, type) -> {
            JsonNode value = node.get(key);
            boolean nullable = type.endsWith("?");
            String base = nullable ? type.substring(0, type.length() - 1) : type;
            if (nullable && value.isNull()) {
                return;
            }
            boolean ok = switch (base) {
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "boolean" -> value.isBoolean();
                case "array" -> value.isArray();
                case "object" -> value.isObject();
                default -> throw new IllegalArgumentException(type);
            };
            assertTrue(ok, key + " should be " + type + " in " + node);
        });
    }

    private Reply createIntent(String user) {
        return post(BASE + "/create-payment-intent", PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + SEED_ITEMS + "}", null);
    }

    @Test
    void open_endpoints_need_no_key_and_the_others_do() {
        JsonNode key = get(BASE + "/config/publishable-key", null).json();
        assertShape(key, "publishable_key", "string");
        assertTrue(key.get("publishable_key").asText().startsWith("pk_test_"));
        for (String path : List.of("/health/", "/health", "/health/live", "/health/ready")) {
            Reply r = get(BASE + path, null);
            assertEquals(200, r.status(), path + " " + r.body());
            assertTrue(r.json().get("status").isTextual(), path);
        }
        JsonNode health = get(BASE + "/health/", null).json();
        assertShape(health, "status", "string", "service", "string", "environment", "string?", "stripe_mode", "string");
        assertEquals("healthy", health.get("status").asText());
        assertShape(get(BASE + "/health/live", null).json(), "status", "string");
        JsonNode ready = get(BASE + "/health/ready", null).json();
        assertTrue(ready.get("checks").isObject() && ready.get("checks").get("database").isTextual(), ready.toString());
        for (String path : List.of("/create-payment-intent", "/confirm-payment", "/create-checkout-session", "/pay-with-credits", "/refund")) {
            assertEquals(401, post(BASE + path, null, "{}", null).status(), path);
        }
        for (String path : List.of("/checkout-session/cs_test_x", "/payment/" + UUID.randomUUID(), "/user/u/payments", "/user/u/orders")) {
            assertEquals(401, get(BASE + path, null).status(), path);
        }
    }

    @Test
    void a_payment_intent_is_created_confirmed_read_listed_and_refunded_in_the_seed_shapes() {
        String user = newUser();
        Reply created = createIntent(user);
        assertEquals(200, created.status(), created.body());
        JsonNode intent = created.json();
        assertShape(intent, "client_secret", "string", "payment_id", "string", "payment_intent_id", "string", "amount", "integer",
                "currency", "string", "order_id", "string");
        assertEquals(999, intent.get("amount").asLong());
        assertEquals("usd", intent.get("currency").asText());
        String pi = intent.get("payment_intent_id").asText();
        assertTrue(pi.startsWith("pi_") && intent.get("client_secret").asText().startsWith(pi + "_secret_"));

        Reply confirmed = post(BASE + "/confirm-payment", PAYMENTS_KEY, "{\"payment_intent_id\":\"" + pi + "\",\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(200, confirmed.status(), confirmed.body());
        String[] paymentShape = {"payment_id", "string", "payment_intent_id", "string", "user_id", "string", "order_id", "string",
                "amount", "integer", "amount_refunded", "integer", "currency", "string", "status", "string", "created_at", "string"};
        assertShape(confirmed.json(), paymentShape);
        assertEquals("succeeded", confirmed.json().get("status").asText());

        JsonNode byId = get(BASE + "/payment/" + intent.get("payment_id").asText(), PAYMENTS_KEY).json();
        assertShape(byId, paymentShape);
        assertEquals(byId, get(BASE + "/payment/" + pi, PAYMENTS_KEY).json(), "by PaymentIntent id too");
        assertEquals(404, get(BASE + "/payment/" + UUID.randomUUID(), PAYMENTS_KEY).status());

        JsonNode payments = get(BASE + "/user/" + user + "/payments", PAYMENTS_KEY).json();
        assertShape(payments, "items", "array", "page", "integer", "page_size", "integer", "total", "integer");
        assertEquals(1, payments.get("total").asLong());
        assertShape(payments.get("items").get(0), paymentShape);

        JsonNode orders = get(BASE + "/user/" + user + "/orders", PAYMENTS_KEY).json();
        assertShape(orders, "items", "array", "page", "integer", "page_size", "integer", "total", "integer");
        JsonNode order = orders.get("items").get(0);
        assertEquals(intent.get("order_id").asText(), order.get("id").asText());
        assertEquals("PAID", order.get("status").asText());
        assertTrue(order.get("items").isArray() && order.get("total_cents").isIntegralNumber());

        Reply refund = post(BASE + "/refund", PAYMENTS_KEY, "{\"payment_id\":\"" + pi + "\",\"amount\":500,\"reason\":\"requested_by_customer\"}", null);
        assertEquals(200, refund.status(), refund.body());
        assertShape(refund.json(), "success", "boolean", "refund_id", "string", "stripe_refund_id", "string", "payment_id", "string",
                "amount", "integer", "currency", "string", "status", "string", "reason", "string");
        assertEquals("succeeded", refund.json().get("status").asText());
        assertEquals("audiobook", queryString("SELECT source FROM refunds WHERE id = ?", UUID.fromString(refund.json().get("refund_id").asText())));
        assertEquals("PARTIALLY_REFUNDED", get("/api/v1/orders/" + order.get("id").asText(), PAYMENTS_KEY).json().get("status").asText());
        Reply rest = post(BASE + "/refund", PAYMENTS_KEY, "{\"payment_id\":\"" + intent.get("payment_id").asText() + "\"}", null);
        assertEquals(499, rest.json().get("amount").asLong(), rest.body());
        assertEquals("refunded", get(BASE + "/payment/" + pi, PAYMENTS_KEY).json().get("status").asText());
    }

    @Test
    void confirm_payment_names_the_payment_by_either_id_and_answers_declines_and_3ds() {
        String user = newUser();
        JsonNode intent = createIntent(user).json();
        Reply declined = post(BASE + "/confirm-payment", PAYMENTS_KEY, "{\"payment_id\":\"" + intent.get("payment_id").asText()
                + "\",\"payment_method\":\"pm_card_chargeDeclined\"}", null);
        assertEquals(402, declined.status(), declined.body());
        Reply action = post(BASE + "/confirm-payment", PAYMENTS_KEY, "{\"payment_id\":\"" + intent.get("payment_id").asText()
                + "\",\"payment_method\":\"pm_card_authenticationRequiredOnSetup\",\"return_url\":\"https://shop.example/back\"}", null);
        assertEquals(200, action.status(), action.body());
        assertEquals("requires_action", action.json().get("status").asText());
        assertTrue(action.json().get("next_action").isObject(), action.body());
        assertEquals("payment_intent_id", post(BASE + "/confirm-payment", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null)
                .json().get("field").asText());
        assertEquals(404, post(BASE + "/confirm-payment", PAYMENTS_KEY, "{\"payment_intent_id\":\"pi_nope\",\"payment_method\":\"pm_card_visa\"}",
                null).status());
    }

    @Test
    void a_checkout_session_answers_checkout_url_and_session_id_and_reports_stripes_status() {
        String user = newUser();
        Reply created = post(BASE + "/create-checkout-session", PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + SEED_ITEMS
                + ",\"customer_email\":\"user@example.com\"}", null);
        assertEquals(200, created.status(), created.body());
        assertShape(created.json(), "checkout_url", "string", "session_id", "string", "payment_id", "string", "order_id", "string",
                "expires_at", "string");
        String sessionId = created.json().get("session_id").asText();
        assertTrue(sessionId.startsWith("cs_"), sessionId);
        assertTrue(created.json().get("checkout_url").asText().contains("/_standin/checkout/" + sessionId));
        String[] sessionShape = {"session_id", "string", "status", "string", "payment_status", "string", "amount_total", "integer",
                "currency", "string", "customer_email", "string", "payment_intent_id", "string?", "payment_id", "string", "order_id", "string"};
        JsonNode open = get(BASE + "/checkout-session/" + sessionId, PAYMENTS_KEY).json();
        assertShape(open, sessionShape);
        assertEquals("open", open.get("status").asText());
        assertEquals("unpaid", open.get("payment_status").asText());

        standIn.completeCheckoutSession(sessionId);
        JsonNode complete = get(BASE + "/checkout-session/" + sessionId, PAYMENTS_KEY).json();
        assertShape(complete, sessionShape);
        assertEquals("complete", complete.get("status").asText());
        assertEquals("paid", complete.get("payment_status").asText());
        assertEquals(999, complete.get("amount_total").asLong());
        await("the order is created", () -> get(BASE + "/user/" + user + "/orders", PAYMENTS_KEY).json().get("total").asLong() == 1);
        assertEquals(404, get(BASE + "/checkout-session/cs_test_unknown", PAYMENTS_KEY).status());
    }

    @Test
    void pay_with_credits_answers_the_order_and_409_when_short() {
        String user = newUser();
        Reply short_ = post(BASE + "/pay-with-credits", PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + SEED_ITEMS
                + ",\"total_credits\":1}", null);
        assertEquals(409, short_.status(), short_.body());
        assertTrue(short_.contentType().startsWith("application/problem+json"));
        post("/api/v1/admin/credits/" + user + "/grants", ADMIN_KEY, "{\"credits\":3,\"reason\":\"gift\"}", null);
        Reply paid = post(BASE + "/pay-with-credits", PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + SEED_ITEMS
                + ",\"total_credits\":1}", null);
        assertEquals(200, paid.status(), paid.body());
        assertShape(paid.json(), "success", "boolean", "order_id", "string", "status", "string", "credits_used", "integer",
                "remaining_credits", "integer", "items", "array");
        assertEquals("paid", paid.json().get("status").asText());
        assertEquals(1, paid.json().get("credits_used").asLong());
        assertEquals(2, paid.json().get("remaining_credits").asLong());
    }

    @Test
    void the_openapi_document_lists_the_storefront_and_compatibility_paths() {
        String openapi = get("/api/v1/openapi.json", null).body();
        for (String path : List.of("/api/v1/checkout/payment-intents", "/api/v1/checkout-sessions", "/api/v1/checkout-sessions/{id}",
                "/api/v1/checkout/credits", "/api/v1/orders/{id}", "/api/v1/orders/{id}/refund", "/api/v1/users/{user_id}/orders",
                "/api/v1/users/{user_id}/credits", "/api/v1/admin/credits/{user_id}/grants",
                BASE + "/config/publishable-key", BASE + "/create-payment-intent", BASE + "/confirm-payment",
                BASE + "/create-checkout-session", BASE + "/checkout-session/{session_id}", BASE + "/pay-with-credits",
                BASE + "/payment/{payment_id}", BASE + "/user/{user_id}/payments", BASE + "/user/{user_id}/orders", BASE + "/refund",
                BASE + "/webhook/stripe", BASE + "/health/", BASE + "/health/live", BASE + "/health/ready")) {
            assertTrue(openapi.contains("\"" + path + "\""), path);
        }
    }
}
