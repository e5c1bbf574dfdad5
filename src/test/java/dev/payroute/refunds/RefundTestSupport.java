package dev.payroute.refunds;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Route tests of refunds: payments to refund, captured through the API. */
abstract class RefundTestSupport extends RouteTestSupport {

    /** A payment confirmed with a test card: SUCCEEDED, all of it captured. */
    protected JsonNode capturedPayment(long amount) {
        JsonNode created = createPayment("order-" + UUID.randomUUID(), amount);
        Reply confirmed = post("/api/v1/payments/" + created.get("id").asText() + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText(), confirmed.body());
        assertEquals(amount, confirmed.json().get("amount_received").asLong(), confirmed.body());
        return confirmed.json();
    }
}
