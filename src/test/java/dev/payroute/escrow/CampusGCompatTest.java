package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every documented key of the CampusG endpoints, with its casing and type. */
class CampusGCompatTest extends RouteTestSupport {

    private static List<String> keys(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private Reply authorize(String order, String custPaymentId) {
        return post("/api/payment/" + order + "/authorize", PAYMENTS_KEY, "{\"customer\":{\"clerkUserId\":\"user_2uFn\","
                + "\"userStripeCard\":{\"payment_method_id\":\"pm_card_visa\"}},\"order\":{\"amount\":2098,"
                + "\"description\":\"Order with ID " + order + " - CampusG Escrow\"}"
                + (custPaymentId == null ? "" : ",\"custpaymentId\":\"" + custPaymentId + "\"")
                + ",\"return_url\":\"https://campusg.com/order-confirmation\"}", null);
    }

    private void assertPaymentShape(JsonNode body, String order, String paymentId, String status) {
        assertEquals(List.of("success", "payment"), keys(body));
        assertTrue(body.get("success").booleanValue());
        JsonNode p = body.get("payment");
        assertEquals(List.of("paymentId", "orderId", "customerId", "runnerId", "amount", "status", "description",
                "paymentIntentId", "createdAt", "updatedAt"), keys(p));
        assertEquals(paymentId, p.get("paymentId").asText());
        assertEquals(order, p.get("orderId").asText());
        assertEquals("user_2uFn", p.get("customerId").asText());
        assertTrue(p.get("amount").isNumber() && !p.get("amount").isIntegralNumber(), "decimal dollars: " + p.get("amount"));
        assertEquals(20.98, p.get("amount").doubleValue(), 0.0);
        assertEquals(status, p.get("status").asText());
        assertTrue(p.get("paymentIntentId").asText().startsWith("pi_"));
        assertTrue(p.get("createdAt").isTextual() && p.get("updatedAt").isTextual());
    }

    @Test
    void authorize_status_details_release_and_history_answer_the_documented_shapes() {
        String order = "order_" + UUID.randomUUID().toString().substring(0, 8);
        String custom = "custpay_" + UUID.randomUUID().toString().substring(0, 8);
        Reply held = authorize(order, custom);
        assertEquals(200, held.status(), held.body());
        assertEquals(List.of("success", "description", "paymentId", "paymentIntentId", "status"), keys(held.json()));
        assertTrue(held.json().get("success").booleanValue());
        assertEquals("Payment authorized successfully and held in escrow", held.json().get("description").asText());
        assertEquals(custom, held.json().get("paymentId").asText(), "custpaymentId is honoured");
        assertEquals("AUTHORIZED", held.json().get("status").asText());

        for (String path : List.of("/api/payment/" + order + "/status", "/payment/" + order + "/status",
                "/api/payment/" + custom + "/details", "/payment/" + custom + "/details")) {
            Reply r = get(path, PAYMENTS_KEY);
            assertEquals(200, r.status(), path);
            assertPaymentShape(r.json(), order, custom, "AUTHORIZED");
        }
        String ourId = get("/api/v1/escrow/" + order, PAYMENTS_KEY).json().get("id").asText();
        assertPaymentShape(get("/api/payment/" + ourId + "/details", PAYMENTS_KEY).json(), order, custom, "AUTHORIZED");

        Reply put = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/payees/user_abc123"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"connect_account_id\":\"acct_test_abc123\"}")));
        assertEquals(200, put.status());
        Reply released = post("/api/payment/" + order + "/release", PAYMENTS_KEY, "{\"runnerId\":\"user_abc123\"}", null);
        assertEquals(200, released.status(), released.body());
        assertEquals(List.of("success", "description", "status", "runnerId"), keys(released.json()));
        assertEquals("Funds released to runner successfully", released.json().get("description").asText());
        assertEquals("RELEASED", released.json().get("status").asText());
        assertEquals("user_abc123", released.json().get("runnerId").asText());
        assertEquals("RELEASED", get("/api/payment/" + order + "/status", PAYMENTS_KEY).json().at("/payment/status").asText());

        JsonNode runner = get("/history/user_abc123", PAYMENTS_KEY).json();
        assertEquals(List.of("userId", "totalSpent", "totalEarned", "spentCount", "earnedCount"), keys(runner));
        assertEquals(20.98, runner.get("totalEarned").doubleValue(), 0.0);
        assertTrue(runner.get("earnedCount").isIntegralNumber());
        assertEquals(1, runner.get("earnedCount").asInt());
        JsonNode customer = get("/history/user_2uFn", PAYMENTS_KEY).json();
        assertTrue(customer.get("totalSpent").doubleValue() >= 20.98);
    }

    @Test
    void revert_answers_the_documented_shape_and_status_reads_reverted() {
        String order = "order_" + UUID.randomUUID().toString().substring(0, 8);
        authorize(order, null);
        Reply reverted = post("/api/payment/" + order + "/revert", PAYMENTS_KEY, "{\"reason\":\"order_canceled\"}", null);
        assertEquals(200, reverted.status(), reverted.body());
        assertEquals(List.of("success", "description", "status"), keys(reverted.json()));
        assertEquals("Payment reverted successfully", reverted.json().get("description").asText());
        assertEquals("FAILED", reverted.json().get("status").asText(), "as the guide documents");
        assertEquals("REVERTED", get("/api/payment/" + order + "/status", PAYMENTS_KEY).json().at("/payment/status").asText());
        Reply empty = post("/api/payment/" + order + "/revert", PAYMENTS_KEY, "", null);
        assertEquals(200, empty.status(), "the body is optional");
    }

    @Test
    void errors_carry_success_false_and_unknown_orders_are_404() {
        Reply missing = get("/api/payment/no-such-order/status", PAYMENTS_KEY);
        assertEquals(404, missing.status());
        assertEquals(false, missing.json().get("success").booleanValue());
        assertTrue(missing.json().get("error").asText().contains("no-such-order"));
        Reply bad = post("/api/payment/o1/authorize", PAYMENTS_KEY, "{\"customer\":{\"clerkUserId\":\"u\"},\"order\":{\"amount\":20.98}}", null);
        assertEquals(422, bad.status());
        assertEquals("order.amount", bad.json().get("field").asText());
        assertEquals(401, get("/history/u", null).status());
    }

    @Test
    void the_routers_own_answers_on_campusg_paths_carry_success_false_too() {
        Reply wrongMethod = get("/api/payment/o1/authorize", PAYMENTS_KEY);
        assertEquals(405, wrongMethod.status(), wrongMethod.body());
        assertEquals(false, wrongMethod.json().get("success").booleanValue(), wrongMethod.body());
        assertTrue(wrongMethod.json().get("error").asText().contains("allowed: POST"), wrongMethod.body());
        Reply nothing = get("/payment/o1/no-such-thing", PAYMENTS_KEY);
        assertEquals(404, nothing.status(), nothing.body());
        assertEquals(false, nothing.json().get("success").booleanValue(), nothing.body());
        // The canonical API's router answers stay plain problem+json.
        Reply canonical = get("/api/v1/escrow/o1/authorize", PAYMENTS_KEY);
        assertEquals(405, canonical.status(), canonical.body());
        assertEquals(null, canonical.json().get("success"), canonical.body());
    }
}
