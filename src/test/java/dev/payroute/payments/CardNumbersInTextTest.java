package dev.payroute.payments;

import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Free text that holds a card number is a 422 naming the field; the number is not stored, sent on or echoed. */
class CardNumbersInTextTest extends RouteTestSupport {

    private void assertRefused(String field, String digits, Supplier<Reply> request) {
        Reply r = assertRefusedBeforeAnySideEffect(422, field, request);
        assertFalse(r.body().contains(digits), "the number is not echoed: " + r.body());
    }

    @Test
    void a_card_number_in_a_description_or_in_metadata_is_refused() {
        assertRefused("description", "4242", () -> post("/api/v1/payments", PAYMENTS_KEY,
                "{\"amount\":2000,\"currency\":\"usd\",\"description\":\"paid with 4242 4242 4242 4242\"}",
                "idem-" + UUID.randomUUID()));
        assertRefused("metadata.note", "5556", () -> post("/api/v1/payments", PAYMENTS_KEY,
                "{\"amount\":2000,\"currency\":\"usd\",\"metadata\":{\"note\":\"card 4000-0566-5566-5556\"}}", null));
    }

    @Test
    void escrow_and_campusg_free_text_is_checked_too() {
        String order = "order-" + UUID.randomUUID();
        assertRefused("description", "6011", () -> post("/api/v1/escrow/" + order + "/authorize", PAYMENTS_KEY,
                "{\"amount\":2098,\"customer_id\":\"c1\",\"payment_method\":\"pm_card_visa\","
                        + "\"description\":\"6011111111111117\"}", null));
        assertRefused("reason", "4242", () -> post("/api/v1/escrow/" + order + "/revert", PAYMENTS_KEY,
                "{\"reason\":\"refund to 4242424242424242\"}", null));
        assertRefused("order.description", "3782", () -> post("/api/payment/" + order + "/authorize", PAYMENTS_KEY,
                "{\"customer\":{\"clerkUserId\":\"u1\",\"userStripeCard\":{\"payment_method_id\":\"pm_card_visa\"}},"
                        + "\"order\":{\"amount\":2098,\"description\":\"amex 3782 822463 10005\"}}", null));
    }

    @Test
    void digits_that_are_not_a_card_number_are_kept() {
        Reply r = post("/api/v1/payments", PAYMENTS_KEY,
                "{\"amount\":2000,\"currency\":\"usd\",\"description\":\"booking 4242 4242 4242 4241, table 12\"}", null);
        assertEquals(201, r.status(), r.body());
        assertEquals("booking 4242 4242 4242 4241, table 12", r.json().get("description").asText());
    }
}
