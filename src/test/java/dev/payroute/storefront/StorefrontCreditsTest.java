package dev.payroute.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The credits ledger against PostgreSQL: grants, spends (also concurrent ones), refunds of credits orders. */
class StorefrontCreditsTest extends StorefrontTestSupport {

    private static final String ONE_CREDIT = "[{\"book_id\":\"book_1\",\"quantity\":1,\"price_cents\":999,\"credits\":1,\"title\":\"Book Title\"}]";

    private Reply grant(String user, long credits, String key) {
        return post("/api/v1/admin/credits/" + user + "/grants", key, "{\"credits\":" + credits + ",\"reason\":\"welcome bonus\"}", null);
    }

    private Reply spend(String user, String items, long total) {
        return post("/api/v1/checkout/credits", PAYMENTS_KEY, "{\"user_id\":\"" + user + "\",\"items\":" + items
                + ",\"total_credits\":" + total + "}", null);
    }

    private long balance(String user) {
        return get("/api/v1/users/" + user + "/credits", PAYMENTS_KEY).json().get("balance").asLong();
    }

    @Test
    void granted_credits_pay_an_order_in_one_transaction_and_show_in_the_ledger_and_billing_records() {
        String user = newUser();
        assertEquals(403, grant(user, 5, PAYMENTS_KEY).status(), "grants need the admin scope");
        Reply granted = grant(user, 5, ADMIN_KEY);
        assertEquals(201, granted.status(), granted.body());
        assertEquals(5, granted.json().get("balance").asLong());
        assertEquals("grant", granted.json().get("kind").asText());

        Reply paid = spend(user, items(1), 3);
        assertEquals(201, paid.status(), paid.body());
        JsonNode order = paid.json();
        assertEquals("PAID", order.get("status").asText());
        assertEquals("credits", order.get("paid_with").asText());
        assertTrue(order.get("payment_id").isNull());
        assertEquals(3, order.get("total_credits").asLong());
        assertEquals(2, order.get("credits_balance").asLong());

        JsonNode account = get("/api/v1/users/" + user + "/credits", PAYMENTS_KEY).json();
        assertEquals(user, account.get("user_id").asText());
        assertEquals(2, account.get("balance").asLong());
        assertEquals(2, account.get("entries").size());
        assertEquals("spend", account.at("/entries/0/kind").asText());
        assertEquals(-3, account.at("/entries/0/credits").asLong());
        assertEquals(order.get("id").asText(), account.at("/entries/0/order_id").asText());
        assertEquals("grant", account.at("/entries/1/kind").asText());
        assertEquals("welcome bonus", account.at("/entries/1/reason").asText());

        assertEquals(1, count("SELECT count(*) FROM billing_records WHERE user_id = ? AND kind = 'credits_granted' AND amount = 5"
                + " AND currency = 'xxx'", user));
        assertEquals(1, count("SELECT count(*) FROM billing_records WHERE user_id = ? AND kind = 'credits_spent' AND amount = 3", user));
        assertEquals(1, events("credits.granted", user));
        assertEquals(1, events("credits.spent", user));
        assertEquals(1, events("order.created", order.get("id").asText()));
        assertEquals(1, orders(user).get("total").asLong());
        await("the storefront's events reach Kafka and RabbitMQ", () -> count("SELECT count(*) FROM outbox WHERE (aggregate_id = ?"
                + " OR aggregate_id = ?) AND kafka_published_at IS NOT NULL AND rabbit_published_at IS NOT NULL", user,
                order.get("id").asText()) == 3);
    }

    @Test
    void too_few_credits_is_409_and_changes_nothing() {
        String user = newUser();
        grant(user, 2, ADMIN_KEY);
        long entries = count("SELECT count(*) FROM credit_entries WHERE user_id = ?", user);
        long outbox = count("SELECT count(*) FROM outbox");
        Reply r = spend(user, items(1), 3);
        assertEquals(409, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        assertEquals(2, r.json().get("balance").asLong(), r.body());
        assertEquals(3, r.json().get("required_credits").asLong(), r.body());
        assertEquals("total_credits", r.json().get("field").asText(), r.body());
        assertEquals(2, balance(user));
        assertEquals(entries, count("SELECT count(*) FROM credit_entries WHERE user_id = ?", user));
        assertEquals(outbox, count("SELECT count(*) FROM outbox"));
        assertEquals(0, orders(user).get("total").asLong());
        assertEquals(409, spend(newUser(), ONE_CREDIT, 1).status(), "a user never granted anything has none");

        Reply wrongTotal = spend(user, ONE_CREDIT, 2);
        assertEquals(422, wrongTotal.status(), wrongTotal.body());
        assertEquals("total_credits", wrongTotal.json().get("field").asText());
        Reply noCredits = spend(user, "[{\"book_id\":\"b\",\"quantity\":1,\"price_cents\":5}]", 1);
        assertEquals("items[0].credits", noCredits.json().get("field").asText(), noCredits.body());
        Reply zero = spend(user, "[{\"book_id\":\"b\",\"quantity\":0,\"price_cents\":5,\"credits\":1}]", 1);
        assertEquals("items[0].quantity", zero.json().get("field").asText(), zero.body());
    }

    @Test
    void concurrent_spends_beyond_the_balance_take_only_what_fits_and_never_go_negative() throws Exception {
        String user = newUser();
        assertEquals(201, grant(user, 5, ADMIN_KEY).status());
        int spenders = 12;
        ExecutorService pool = Executors.newFixedThreadPool(spenders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < spenders; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return spend(user, ONE_CREDIT, 1).status();
                }));
            }
            start.countDown();
            int ok = 0;
            int refused = 0;
            for (Future<Integer> reply : replies) {
                int status = reply.get();
                if (status == 201) {
                    ok++;
                } else if (status == 409) {
                    refused++;
                } else {
                    throw new AssertionError("unexpected status " + status);
                }
            }
            assertEquals(5, ok);
            assertEquals(spenders - 5, refused);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, balance(user));
        assertEquals(0, count("SELECT COALESCE(sum(credits), 0) FROM credit_entries WHERE user_id = ?", user), "the entries sum to the balance");
        assertEquals(0, count("SELECT count(*) FROM credit_entries WHERE user_id = ? AND balance_after < 0", user));
        assertEquals(5, orders(user).get("total").asLong());
    }

    @Test
    void the_database_refuses_a_negative_balance_and_changes_to_the_ledger() {
        String user = newUser();
        grant(user, 1, ADMIN_KEY);
        assertThrowsSql(() -> execute("UPDATE credit_accounts SET balance = -1 WHERE user_id = '" + user + "'"));
        assertThrowsSql(() -> execute("UPDATE credit_entries SET credits = 100 WHERE user_id = '" + user + "'"));
        assertThrowsSql(() -> execute("DELETE FROM credit_entries WHERE user_id = '" + user + "'"));
        assertThrowsSql(() -> execute("INSERT INTO credit_entries (id, user_id, kind, credits, balance_after, actor)"
                + " VALUES ('" + UUID.randomUUID() + "', '" + user + "', 'grant', 10, 11, 'x')"));
        assertEquals(1, balance(user));
    }

    private static void assertThrowsSql(Runnable statement) {
        try {
            statement.run();
        } catch (AssertionError expected) {
            return;
        }
        throw new AssertionError("the database accepted it");
    }

    @Test
    void a_refund_of_a_credits_order_gives_the_credits_back_once() {
        String user = newUser();
        grant(user, 4, ADMIN_KEY);
        String orderId = spend(user, items(1), 3).json().get("id").asText();
        assertEquals(1, balance(user));

        Reply refunded = post("/api/v1/orders/" + orderId + "/refund", PAYMENTS_KEY, null, null);
        assertEquals(201, refunded.status(), refunded.body());
        assertEquals("REFUNDED", refunded.json().get("status").asText());
        assertEquals(3, refunded.json().get("credits_returned").asLong());
        assertEquals(4, refunded.json().get("credits_balance").asLong());
        assertEquals(4, balance(user));

        Reply again = post("/api/v1/orders/" + orderId + "/refund", PAYMENTS_KEY, "{}", null);
        assertEquals(201, again.status(), again.body());
        assertEquals(4, balance(user), "the credits go back once");
        assertEquals(1, count("SELECT count(*) FROM credit_entries WHERE order_id = ? AND kind = 'return'", UUID.fromString(orderId)));
        assertEquals(1, count("SELECT count(*) FROM billing_records WHERE user_id = ? AND kind = 'credits_returned' AND amount = 3", user));
        assertEquals(1, events("credits.returned", user));
        assertEquals("amount", post("/api/v1/orders/" + orderId + "/refund", PAYMENTS_KEY, "{\"amount\":1}", null)
                .json().get("field").asText());
        assertEquals(404, post("/api/v1/orders/" + UUID.randomUUID() + "/refund", PAYMENTS_KEY, null, null).status());
    }

    @Test
    void concurrent_refunds_of_a_credits_order_give_the_credits_back_once() throws Exception {
        String user = newUser();
        grant(user, 3, ADMIN_KEY);
        String orderId = spend(user, ONE_CREDIT, 1).json().get("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return post("/api/v1/orders/" + orderId + "/refund", PAYMENTS_KEY, null, null).status();
                }));
            }
            start.countDown();
            for (Future<Integer> reply : replies) {
                assertEquals(201, reply.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, balance(user));
        assertEquals(1, count("SELECT count(*) FROM credit_entries WHERE order_id = ? AND kind = 'return'", UUID.fromString(orderId)));
        assertEquals(1, count("SELECT count(*) FROM billing_records WHERE user_id = ? AND kind = 'credits_returned'", user));
    }

    @Test
    void a_card_order_is_refunded_through_the_refund_route() {
        String user = newUser();
        JsonNode payment = cartPayment(user, 1);
        assertEquals(200, confirm(payment.get("id").asText(), "pm_card_visa").status());
        String orderId = payment.get("order_id").asText();
        Reply partial = post("/api/v1/orders/" + orderId + "/refund", PAYMENTS_KEY, "{\"amount\":500,\"reason\":\"requested_by_customer\"}", null);
        assertEquals(201, partial.status(), partial.body());
        assertEquals("PARTIALLY_REFUNDED", partial.json().get("status").asText());
        assertEquals(500, partial.json().get("amount_refunded").asLong());
        assertEquals("SUCCEEDED", partial.json().at("/refund/status").asText(), partial.body());
        assertEquals("storefront", partial.json().at("/refund/source").asText(), partial.body());
        assertEquals(orderId, partial.json().at("/refund/metadata/order_id").asText());
        Reply rest = post("/api/v1/orders/" + orderId + "/refund", PAYMENTS_KEY, null, null);
        assertEquals("REFUNDED", rest.json().get("status").asText(), rest.body());
        assertEquals(2499, rest.json().get("amount_refunded").asLong());
    }
}
