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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's history: what they paid (named as user_id or guest_id), what they earned as payee. */
class UserHistoryTest extends RouteTestSupport {

    private static String someone(String role) {
        return role + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A card payment, confirmed (SUCCEEDED); the payer fields are JSON members such as "guest_id":"g". */
    private String paid(String payerFields, long amount, String currency) {
        String order = "order-" + UUID.randomUUID();
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":" + amount + ",\"currency\":\"" + currency
                + "\",\"order_id\":\"" + order + "\"," + payerFields + "}", null);
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        Reply confirmed = post("/api/v1/payments/" + id + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText());
        return id;
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
