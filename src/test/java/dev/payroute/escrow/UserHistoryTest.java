package dev.payroute.escrow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's history: what they paid (named as user_id or guest_id), what they earned as payee. */
class UserHistoryTest extends RouteTestSupport {

    private static String someone(String role) {
        return role + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A payment created and left PENDING (it counts for nothing); the payer fields are JSON members such as "guest_id":"g". */
    private String created(String payerFields, long amount, String currency) {
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":" + amount + ",\"currency\":\"" + currency
                + "\",\"order_id\":\"order-" + UUID.randomUUID() + "\"," + payerFields + "}", null);
        assertEquals(201, created.status(), created.body());
        return created.json().get("id").asText();
    }

    /** A card payment, confirmed (SUCCEEDED). */
    private String paid(String payerFields, long amount, String currency) {
        String id = created(payerFields, amount, currency);
        Reply confirmed = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText());
        return id;
    }

    /** An escrow hold for the payee, released: the payee earns its amount. */
    private void earned(String payee, long amount, String currency) {
        String order = "order-" + UUID.randomUUID();
        Reply held = post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY, "{\"amount\":" + amount + ",\"currency\":\""
                + currency + "\",\"customer_id\":\"" + someone("customer") + "\",\"payment_method\":\"pm_card_visa\",\"payee_id\":\""
                + payee + "\"}", null);
        assertEquals(200, held.status(), held.body());
        Reply released = post("/api/v1/escrow/" + order + "/release", PAYMENTS_KEY, "{}", null);
        assertEquals(200, released.status(), released.body());
        assertEquals("RELEASED", released.json().get("status").asText());
    }

    private void refunded(String paymentId, Long amount) {
        Reply r = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\""
                + (amount == null ? "" : ",\"amount\":" + amount) + "}", null);
        assertEquals(201, r.status(), r.body());
        assertEquals("SUCCEEDED", r.json().get("status").asText());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static void assertCurrency(JsonNode entry, String currency, long spent, long earned, long spentCount, long earnedCount) {
        assertEquals(List.of("currency", "total_spent", "total_earned", "spent_count", "earned_count"), fieldNames(entry));
        assertEquals(currency, entry.get("currency").asText(), entry.toString());
        assertEquals(spent, entry.get("total_spent").asLong(), entry.toString());
        assertEquals(earned, entry.get("total_earned").asLong(), entry.toString());
        assertEquals(spentCount, entry.get("spent_count").asLong(), entry.toString());
        assertEquals(earnedCount, entry.get("earned_count").asLong(), entry.toString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode history(String userId) {
        Reply r = get("/api/v1/billing/users/" + userId + "/history", PAYMENTS_KEY);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void a_payment_naming_the_payer_as_guest_id_is_spent_by_that_guest() {
        String guest = someone("guest");
        paid("\"guest_id\":\"" + guest + "\"", 4500, "usd");
        paid("\"user_id\":\"" + guest + "\"", 500, "usd");
        JsonNode h = history(guest);
        assertEquals("usd", h.get("currency").asText());
        assertEquals(5000, h.get("total_spent").asLong());
        assertEquals(2, h.get("spent_count").asLong());
        assertEquals(0, h.get("total_earned").asLong());
    }

    @Test
    void a_payment_naming_the_user_as_both_user_id_and_guest_id_is_counted_once() {
        String user = someone("user");
        paid("\"user_id\":\"" + user + "\",\"guest_id\":\"" + user + "\"", 1200, "usd");
        JsonNode h = history(user);
        assertEquals(1200, h.get("total_spent").asLong());
        assertEquals(1, h.get("spent_count").asLong());
    }

    @Test
    void payments_in_several_currencies_are_totalled_per_currency_and_never_added_together() {
        String user = someone("user");
        registerPayee(user);
        String usd = paid("\"user_id\":\"" + user + "\"", 1800, "usd");
        paid("\"guest_id\":\"" + user + "\"", 1000, "eur");
        paid("\"user_id\":\"" + user + "\"", 1000, "jpy");
        refunded(usd, 300L);
        earned(user, 2500, "eur");
        earned(user, 700, "jpy");

        JsonNode h = history(user);
        assertEquals(List.of("user_id", "currency", "total_spent", "total_earned", "spent_count", "earned_count", "currencies"),
                fieldNames(h));
        assertTrue(h.get("currency").isNull(), h.toString());
        assertTrue(h.get("total_spent").isNull(), "no sum across currencies: " + h);
        assertTrue(h.get("total_earned").isNull(), "no sum across currencies: " + h);
        assertEquals(3, h.get("spent_count").asLong());
        assertEquals(2, h.get("earned_count").asLong());
        JsonNode currencies = h.get("currencies");
        assertEquals(3, currencies.size(), h.toString());
        assertCurrency(currencies.get(0), "eur", 1000, 2500, 1, 1);
        assertCurrency(currencies.get(1), "jpy", 1000, 700, 1, 1);
        assertCurrency(currencies.get(2), "usd", 1500, 0, 1, 0);

        Reply campusG = get("/history/" + user, PAYMENTS_KEY);
        assertEquals(409, campusG.status(), campusG.body());
        assertTrue(campusG.contentType().startsWith("application/problem+json"), campusG.contentType());
        JsonNode problem = campusG.json();
        assertTrue(problem.get("type").asText().endsWith("/problems/several-currencies"), problem.toString());
        assertFalse(problem.get("success").booleanValue());
        assertTrue(problem.get("error").asText().contains("several currencies"), problem.toString());
        assertEquals(List.of("eur", "jpy", "usd"), texts(problem.get("currencies")));
        assertEquals("/api/v1/billing/users/" + user + "/history", problem.get("history").asText());
    }

    @Test
    void payments_counted_in_one_currency_answer_that_currency_in_both_shapes() {
        String user = someone("user");
        paid("\"user_id\":\"" + user + "\"", 1800, "usd");
        refunded(paid("\"guest_id\":\"" + user + "\"", 1000, "eur"), null);
        // Neither the refunded eur payment nor a pending one counts: the counted payments are all usd.
        created("\"user_id\":\"" + user + "\"", 900, "jpy");

        JsonNode h = history(user);
        assertEquals("usd", h.get("currency").asText(), h.toString());
        assertEquals(1800, h.get("total_spent").asLong());
        assertEquals(0, h.get("total_earned").asLong());
        assertEquals(1, h.get("spent_count").asLong());
        assertEquals(0, h.get("earned_count").asLong());
        assertEquals(1, h.get("currencies").size(), h.toString());
        assertCurrency(h.get("currencies").get(0), "usd", 1800, 0, 1, 0);

        Reply campusG = get("/history/" + user, PAYMENTS_KEY);
        assertEquals(200, campusG.status(), campusG.body());
        JsonNode body = campusG.json();
        assertEquals(List.of("userId", "totalSpent", "totalEarned", "spentCount", "earnedCount"), fieldNames(body));
        assertEquals(user, body.get("userId").asText());
        assertEquals(18.00, body.get("totalSpent").doubleValue(), 0.0);
        assertEquals(0, body.get("totalEarned").doubleValue(), 0.0);
        assertEquals(1, body.get("spentCount").asLong());
        assertEquals(0, body.get("earnedCount").asLong());
    }

    @Test
    void a_history_with_nothing_counted_has_zero_totals_in_the_currency_of_a_payment() {
        String user = someone("user");
        created("\"user_id\":\"" + user + "\"", 900, "jpy");
        JsonNode h = history(user);
        assertEquals("jpy", h.get("currency").asText(), h.toString());
        assertEquals(0, h.get("total_spent").asLong());
        assertEquals(0, h.get("spent_count").asLong());
        assertEquals(0, h.get("currencies").size(), h.toString());

        JsonNode nobody = history(someone("nobody"));
        assertTrue(nobody.get("currency").isNull(), nobody.toString());
        assertEquals(0, nobody.get("total_spent").asLong());
        assertEquals(0, nobody.get("total_earned").asLong());
        assertEquals(0, nobody.get("currencies").size());
        assertEquals(200, get("/history/" + someone("nobody"), PAYMENTS_KEY).status());
    }

    @Test
    void the_payers_payments_are_found_by_index_on_user_id_and_on_guest_id() throws IOException, SQLException {
        String sql;
        try (InputStream in = getClass().getResourceAsStream("/sql/billing/user-history.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(":#userId", "'guest-explained'");
        }
        StringBuilder plan = new StringBuilder();
        // Without seqscans, as on a table too big to read whole: the plan shows which indexes the query can use.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("SET LOCAL enable_seqscan = off");
            try (ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            c.rollback();
        }
        assertTrue(plan.indexOf("payments_guest_id_idx") >= 0, plan.toString());
        assertTrue(plan.indexOf("payments_user_id_idx") >= 0, plan.toString());
        assertFalse(plan.indexOf("Seq Scan on payments") >= 0, plan.toString());
    }
}
