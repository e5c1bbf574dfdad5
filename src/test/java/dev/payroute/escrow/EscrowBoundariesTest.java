package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where escrow stops: only escrow holds are released or reverted, a client's own payment id never names another
 * payment, a release never changes where a registered payee is paid, and the platform's own account is no payee.
 */
class EscrowBoundariesTest extends RouteTestSupport {

    private Reply authorize(String order, String payee, String extra) {
        return post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, "{\"amount\":2500,\"customer_id\":\"cust-" + order
                + "\",\"payment_method\":\"pm_card_visa\"" + (payee == null ? "" : ",\"payee_id\":\"" + payee + "\"") + extra + "}", null);
    }

    private int transfers() {
        return standIn.executedCount("POST", "/v1/transfers");
    }

    @Test
    void a_payment_captured_at_once_is_not_released_reverted_or_shown_as_escrow_by_its_id() {
        String order = "plain-" + UUID.randomUUID();
        String id = createPayment(order, 4500).get("id").asText();
        Reply confirmed = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText(), confirmed.body());
        int transfersBefore = transfers();

        Reply release = post("/payment/" + id + "/release", PAYMENTS_KEY,
                "{\"runner_id\":\"stranger-" + order + "\",\"runner_connect_account_id\":\"" + connectAccount(true) + "\"}", null);
        assertEquals(404, release.status(), release.body());
        assertEquals(false, release.json().get("success").booleanValue(), release.body());
        Reply revert = post("/payment/" + id + "/revert", PAYMENTS_KEY, "{}", null);
        assertEquals(404, revert.status(), revert.body());
        assertEquals(404, get("/api/payment/" + id + "/details", PAYMENTS_KEY).status());
        // Its order has no escrow payment either (as before).
        assertEquals(404, post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null).status());

        assertEquals("SUCCEEDED", paymentStatus(id));
        assertEquals(0, get("/api/v1/payments/" + id, PAYMENTS_KEY).json().get("amount_refunded").asLong());
        assertEquals(transfersBefore, transfers(), "no transfer");
        assertEquals(0, count("SELECT count(*) FROM refunds WHERE payment_id = CAST(? AS uuid)", id));
    }

    @Test
    void a_client_payment_id_that_is_another_payments_id_is_refused_and_names_the_clients_field() {
        String victimOrder = "victim-" + UUID.randomUUID();
        Reply victim = authorize(victimOrder, null, "");
        assertEquals(200, victim.status(), victim.body());
        String victimId = victim.json().get("id").asText();

        String campusGOrder = "copycat-" + UUID.randomUUID();
        Reply campusG = post("/api/payment/" + campusGOrder + "/authorize", PAYMENTS_KEY,
                "{\"customer\":{\"clerkUserId\":\"cu-" + campusGOrder + "\",\"userStripeCard\":{\"payment_method_id\":\"pm_card_visa\"}},"
                        + "\"order\":{\"amount\":3000},\"custpaymentId\":\"" + victimId + "\"}", null);
        assertEquals(409, campusG.status(), campusG.body());
        assertEquals("custpaymentId", campusG.json().get("field").asText());
        assertEquals(false, campusG.json().get("success").booleanValue());

        String canonicalOrder = "copycat-" + UUID.randomUUID();
        Reply canonical = authorize(canonicalOrder, null, ",\"payment_id\":\"" + victimId + "\"");
        assertEquals(409, canonical.status(), canonical.body());
        assertEquals("payment_id", canonical.json().get("field").asText());
        assertTrue(canonical.json().get("type").asText().endsWith("/problems/payment-id-in-use"), canonical.body());

        assertEquals(0, count("SELECT count(*) FROM payments WHERE order_id IN (?, ?)", campusGOrder, canonicalOrder),
                "nothing reserved");
        assertEquals(victimOrder, get("/api/payment/" + victimId + "/details", PAYMENTS_KEY).json().at("/payment/orderId").asText());
        // A custom id of one's own still works, and names its payment only.
        String own = "own-" + UUID.randomUUID();
        Reply mine = authorize(canonicalOrder, null, ",\"payment_id\":\"" + own + "\"");
        assertEquals(200, mine.status(), mine.body());
        assertEquals(canonicalOrder, get("/api/payment/" + own + "/details", PAYMENTS_KEY).json().at("/payment/orderId").asText());
    }

    @Test
    void a_release_never_changes_where_a_registered_payee_is_paid() {
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        String registered = registerPayee(payee);
        String other = connectAccount(true);
        int transfersBefore = transfers();

        String order = "redirect-" + UUID.randomUUID();
        assertEquals(200, authorize(order, payee, "").status());
        Reply redirected = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY,
                "{\"payee_id\":\"" + payee + "\",\"connect_account_id\":\"" + other + "\"}", null);
        assertEquals(409, redirected.status(), redirected.body());
        assertEquals("connect_account_id", redirected.json().get("field").asText());
        assertEquals(payee, redirected.json().get("payee_id").asText());
        assertTrue(redirected.json().get("type").asText().endsWith("/problems/payee-account-mismatch"), redirected.body());
        Reply campusG = post("/api/payment/" + order + "/release", PAYMENTS_KEY,
                "{\"runnerId\":\"" + payee + "\",\"runner_connect_account_id\":\"" + other + "\"}", null);
        assertEquals(409, campusG.status(), campusG.body());
        assertEquals("runner_connect_account_id", campusG.json().get("field").asText());

        assertEquals("AUTHORIZED", get("/api/v1/escrow/" + order, PAYMENTS_KEY).json().get("status").asText(), "nothing captured");
        assertEquals(registered, queryString("SELECT connect_account_id FROM payees WHERE payee_id = ?", payee));
        assertEquals(transfersBefore, transfers());

        // Naming the registered account, or none, pays it.
        Reply released = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY,
                "{\"payee_id\":\"" + payee + "\",\"connect_account_id\":\"" + registered + "\"}", null);
        assertEquals(200, released.status(), released.body());
        assertEquals("RELEASED", released.json().get("status").asText());
        JsonNode transfer = standIn.object(released.json().get("transfer_id").asText()).orElseThrow();
        assertEquals(registered, transfer.get("destination").asText());

        // A payee without a registration is registered by the first release that names its account.
        String fresh = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        String freshAccount = connectAccount(true);
        String freshOrder = "fresh-" + UUID.randomUUID();
        assertEquals(200, authorize(freshOrder, fresh, "").status());
        assertEquals(200, post("/api/v1/escrow/" + freshOrder + "/release", PAYMENTS_KEY,
                "{\"connect_account_id\":\"" + freshAccount + "\"}", null).status());
        assertEquals(freshAccount, queryString("SELECT connect_account_id FROM payees WHERE payee_id = ?", fresh));
    }

    @Test
    void a_release_of_a_hold_without_payee_that_names_none_is_400_naming_the_requests_own_field() {
        String order = "nopayee-" + UUID.randomUUID();
        assertEquals(200, authorize(order, null, "").status());
        Reply canonical = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals(400, canonical.status(), canonical.body());
        assertEquals("payee_id", canonical.json().get("field").asText());
        Reply campusG = post("/api/payment/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals(400, campusG.status(), campusG.body());
        assertEquals("runnerId", campusG.json().get("field").asText());
        assertEquals(false, campusG.json().get("success").booleanValue());
        assertEquals("AUTHORIZED", get("/api/v1/escrow/" + order, PAYMENTS_KEY).json().get("status").asText());
    }

    @Test
    void a_release_sent_before_its_order_is_authorised_is_404_and_its_key_is_not_kept() {
        String order = "early-" + UUID.randomUUID();
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        registerPayee(payee);
        String key = "release-" + order;
        Reply early = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", key);
        assertEquals(404, early.status(), early.body());
        assertEquals(null, early.header("Idempotent-Replayed"));
        assertEquals(200, authorize(order, payee, "").status());
        Reply released = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", key);
        assertEquals(200, released.status(), released.body());
        assertEquals("RELEASED", released.json().get("status").asText());
        Reply replayed = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", key);
        assertEquals("true", replayed.header("Idempotent-Replayed"), "the 200 is kept for the key");
        assertEquals(released.body(), replayed.body());
    }

    @Test
    void a_release_asked_again_after_a_partial_refund_answers_200_and_pays_nothing_more() {
        String order = "again-" + UUID.randomUUID();
        String payee = "runner-" + UUID.randomUUID().toString().substring(0, 8);
        registerPayee(payee);
        assertEquals(200, authorize(order, payee, "").status());
        Reply released = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals("RELEASED", released.json().get("status").asText(), released.body());
        String id = released.json().get("id").asText();
        Reply refund = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + id + "\",\"amount\":500}", null);
        assertEquals(201, refund.status(), refund.body());
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(id));
        int transfersBefore = transfers();

        Reply again = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals(200, again.status(), again.body());
        assertEquals("PARTIALLY_REFUNDED", again.json().get("status").asText());
        assertEquals(released.json().get("transfer_id").asText(), again.json().get("transfer_id").asText());
        Reply campusG = post("/api/payment/" + order + "/release", PAYMENTS_KEY, "{\"runnerId\":\"" + payee + "\"}", null);
        assertEquals(200, campusG.status(), campusG.body());
        assertEquals("RELEASED", campusG.json().get("status").asText(), "CampusG: the runner was paid");
        assertEquals("RELEASED", get("/api/payment/" + order + "/status", PAYMENTS_KEY).json().at("/payment/status").asText());
        assertEquals(transfersBefore, transfers(), "no second transfer");
        assertEquals(409, post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{}", null).status(), "released: no revert");
    }

    @Test
    void the_platforms_own_account_is_not_a_payees_account() throws Exception {
        String platform = stripe().v1().accounts().retrieveCurrent().getId();
        String payee = "self-" + UUID.randomUUID().toString().substring(0, 8);
        Reply put = put("/api/v1/payees/" + payee, ADMIN_KEY, "{\"connect_account_id\":\"" + platform + "\"}");
        assertEquals(422, put.status(), put.body());
        assertEquals("connect_account_id", put.json().get("field").asText());
        assertEquals(0, count("SELECT count(*) FROM payees WHERE payee_id = ?", payee));

        String order = "self-" + UUID.randomUUID();
        assertEquals(200, authorize(order, payee, "").status());
        Reply release = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY,
                "{\"connect_account_id\":\"" + platform + "\"}", null);
        assertEquals(409, release.status(), release.body());
        assertTrue(release.json().get("type").asText().endsWith("/problems/payee-account-unusable"), release.body());
        JsonNode payment = get("/api/v1/escrow/" + order, PAYMENTS_KEY).json();
        assertEquals("AUTHORIZED", payment.get("status").asText(), "nothing captured");
        assertEquals(200, post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY, "{}", null).status(), "it may still be reverted");
    }
}
