package dev.payroute.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.payroute.domain.PaymentStatus;
import dev.payroute.payments.PaymentChange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each charge event says of its payment, read from Stripe's charge object (no Camel, no database). */
class ChargeChangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode charge(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void a_charge_not_captured_authorises_and_a_captured_one_succeeds_with_the_captured_amount() throws Exception {
        PaymentChange held = WebhookHandlers.chargeChange("charge.succeeded", charge("{\"id\":\"ch_1\",\"payment_intent\":\"pi_1\","
                + "\"captured\":false,\"payment_method_details\":{\"card\":{\"brand\":\"visa\",\"last4\":\"4242\"}}}")).orElseThrow();
        assertEquals(PaymentStatus.AUTHORIZED, held.target());
        assertNull(held.amountReceived());
        assertEquals("pi_1", held.paymentIntentId(), "a reserved hold learns its intent from the event");
        assertEquals("4242", held.cardLast4());
        PaymentChange captured = WebhookHandlers.chargeChange("charge.captured",
                charge("{\"id\":\"ch_1\",\"payment_intent\":\"pi_1\",\"captured\":true,\"amount_captured\":1500}")).orElseThrow();
        assertEquals(PaymentStatus.SUCCEEDED, captured.target());
        assertEquals(1500L, captured.amountReceived());
    }

    @Test
    void a_refund_is_partial_until_all_that_was_captured_is_refunded() throws Exception {
        assertEquals(PaymentStatus.PARTIALLY_REFUNDED, WebhookHandlers.chargeChange("charge.refunded",
                charge("{\"id\":\"ch_1\",\"amount_captured\":1500,\"amount_refunded\":500}")).orElseThrow().target());
        PaymentChange full = WebhookHandlers.chargeChange("charge.refunded",
                charge("{\"id\":\"ch_1\",\"amount_captured\":1500,\"amount_refunded\":1500}")).orElseThrow();
        assertEquals(PaymentStatus.REFUNDED, full.target());
        assertEquals(1500L, full.amountRefunded());
    }

    @Test
    void a_failed_charge_carries_its_failure_and_other_charge_events_change_nothing() throws Exception {
        PaymentChange failed = WebhookHandlers.chargeChange("charge.failed", charge("{\"id\":\"ch_2\",\"failure_code\":\"card_declined\","
                + "\"failure_message\":\"Your card was declined.\"}")).orElseThrow();
        assertEquals(PaymentStatus.FAILED, failed.target());
        assertEquals("card_declined", failed.failureCode());
        assertTrue(WebhookHandlers.chargeChange("charge.updated", charge("{\"id\":\"ch_3\"}")).isEmpty());
    }
}
