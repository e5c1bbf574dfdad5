package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Refusal refused(String items) {
        return assertThrows(Refusal.class, () -> Cart.from(json(items), "items"));
    }

    @Test
    void totals_are_quantity_times_price_summed_in_minor_units() {
        Cart cart = Cart.from(json("[{\"book_id\":\"a\",\"quantity\":3,\"price_cents\":999,\"credits\":1,\"title\":\"A\"},"
                + "{\"book_id\":\"b\",\"quantity\":1,\"price_cents\":1,\"credits\":4}]"), "items");
        assertEquals(3 * 999 + 1, cart.totalCents());
        assertEquals(3 + 4, cart.totalCredits());
        assertEquals(2997, cart.items().get(0).subtotalCents());
        assertNull(cart.items().get(1).title());
    }

    @Test
    void a_cart_with_an_item_without_credits_has_no_credits_total() {
        Cart cart = Cart.from(json("[{\"book_id\":\"a\",\"quantity\":1,\"price_cents\":999,\"credits\":1},"
                + "{\"book_id\":\"b\",\"quantity\":1,\"price_cents\":5}]"), "items");
        assertNull(cart.totalCredits());
    }

    @Test
    void each_wrong_value_is_named() {
        assertEquals("items[0].quantity", refused("[{\"book_id\":\"a\",\"quantity\":0,\"price_cents\":1}]").field());
        assertEquals("items[0].quantity", refused("[{\"book_id\":\"a\",\"quantity\":-2,\"price_cents\":1}]").field());
        assertEquals("items[0].quantity", refused("[{\"book_id\":\"a\",\"quantity\":\"1\",\"price_cents\":1}]").field());
        assertEquals("items[0].quantity", refused("[{\"book_id\":\"a\",\"price_cents\":1}]").field());
        assertEquals("items[1].price_cents", refused("[{\"book_id\":\"a\",\"quantity\":1,\"price_cents\":1},"
                + "{\"book_id\":\"a\",\"quantity\":1,\"price_cents\":0}]").field());
        assertEquals("items[0].price_cents", refused("[{\"book_id\":\"a\",\"quantity\":1,\"price_cents\":-1}]").field());
        assertEquals("items[0].price_cents", refused("[{\"book_id\":\"a\",\"quantity\":1,\"price_cents\":9.99}]").field());
        assertEquals("items[0].credits", refused("[{\"book_id\":\"a\",\"quantity\":1,\"price_cents\":1,\"credits\":0}]").field());
        assertEquals("items[0].book_id", refused("[{\"book_id\":\"\",\"quantity\":1,\"price_cents\":1}]").field());
        assertEquals("items[0].price", refused("[{\"book_id\":\"a\",\"quantity\":1,\"price\":1}]").field());
        assertEquals("items[0].title", refused("[{\"book_id\":\"a\",\"quantity\":1,\"price_cents\":1,"
                + "\"title\":\"4242 4242 4242 4242\"}]").field());
        assertEquals("items[0]", refused("[7]").field());
        assertEquals("items", refused("[]").field());
        assertEquals("items", refused("{}").field());
        assertEquals(Refusal.Kind.INVALID, assertThrows(Refusal.class, () -> Cart.from(null, "items")).kind());
    }

    @Test
    void a_total_past_one_payment_is_refused_without_overflow() {
        Refusal r = refused("[{\"book_id\":\"a\",\"quantity\":1000,\"price_cents\":99999999},"
                + "{\"book_id\":\"b\",\"quantity\":1000,\"price_cents\":99999999}]");
        assertEquals("items", r.field());
        assertEquals(Refusal.Kind.UNPROCESSABLE, r.kind());
    }

    @Test
    void credits_payments_check_the_total_against_the_items() {
        String items = "[{\"book_id\":\"a\",\"quantity\":2,\"price_cents\":999,\"credits\":1}]";
        assertEquals(2, StorefrontRequests.CreditsPayment.from(json("{\"user_id\":\"u\",\"items\":" + items
                + ",\"total_credits\":2}")).totalCredits());
        assertEquals("total_credits", assertThrows(Refusal.class, () -> StorefrontRequests.CreditsPayment.from(
                json("{\"user_id\":\"u\",\"items\":" + items + ",\"total_credits\":1}"))).field());
        assertEquals("items[0].credits", assertThrows(Refusal.class, () -> StorefrontRequests.CreditsPayment.from(
                json("{\"user_id\":\"u\",\"items\":[{\"book_id\":\"a\",\"quantity\":1,\"price_cents\":5}],\"total_credits\":1}")))
                .field());
        assertEquals("credits", assertThrows(Refusal.class, () -> StorefrontRequests.CreditGrant.from(
                json("{\"credits\":0,\"reason\":\"x\"}"))).field());
        assertEquals("reason", assertThrows(Refusal.class, () -> StorefrontRequests.CreditGrant.from(
                json("{\"credits\":5}"))).field());
        assertEquals("customer_email", assertThrows(Refusal.class, () -> StorefrontRequests.CheckoutSession.from(
                json("{\"user_id\":\"u\",\"items\":" + items + ",\"customer_email\":\"nope\"}"), "https://s", "https://c")).field());
        assertEquals("https://s", StorefrontRequests.CheckoutSession.from(
                json("{\"user_id\":\"u\",\"items\":" + items + ",\"customer_email\":\"a@b.example\"}"), "https://s", "https://c")
                .successUrl());
    }
}
