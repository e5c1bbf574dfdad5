package dev.payroute.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RefundRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "pending, PENDING", "requires_action, PENDING", "succeeded, SUCCEEDED", "failed, FAILED",
            "canceled, CANCELED", "SUCCEEDED, SUCCEEDED", "something_new, PENDING"})
    void stripe_words_map_to_our_statuses(String stripe, RefundStatus ours) {
        assertEquals(ours, RefundStatus.fromStripe(stripe));
    }

    @Test
    void a_missing_stripe_status_is_pending_and_our_statuses_read_back_in_stripe_words() {
        assertEquals(RefundStatus.PENDING, RefundStatus.fromStripe(null));
        for (RefundStatus status : RefundStatus.values()) {
            assertEquals(status, RefundStatus.fromStripe(status.stripeWord()));
        }
    }

    @Test
    void only_a_pending_refund_moves_and_never_back_to_pending() {
        assertTrue(RefundStatus.PENDING.movesTo(RefundStatus.SUCCEEDED));
        assertTrue(RefundStatus.PENDING.movesTo(RefundStatus.FAILED));
        assertTrue(RefundStatus.PENDING.movesTo(RefundStatus.CANCELED));
        assertFalse(RefundStatus.PENDING.movesTo(RefundStatus.PENDING));
        for (RefundStatus from : new RefundStatus[] {RefundStatus.SUCCEEDED, RefundStatus.FAILED, RefundStatus.CANCELED}) {
            assertTrue(from.isFinal());
            for (RefundStatus to : RefundStatus.values()) {
                assertFalse(from.movesTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void pending_and_succeeded_refunds_count_against_the_capture_failed_and_canceled_do_not() {
        assertTrue(RefundStatus.PENDING.active());
        assertTrue(RefundStatus.SUCCEEDED.active());
        assertFalse(RefundStatus.FAILED.active());
        assertFalse(RefundStatus.CANCELED.active());
    }

    @Test
    void the_amount_is_what_was_asked_or_all_that_is_left() {
        assertEquals(500, RefundRules.amountToReserve("p", 500L, 1500, 0));
        assertEquals(1000, RefundRules.amountToReserve("p", null, 1500, 500));
        assertEquals(1500, RefundRules.amountToReserve("p", 1500L, 1500, 0));
        assertEquals(1, RefundRules.amountToReserve("p", null, 1500, 1499));
    }

    @Test
    void more_than_is_left_is_an_over_refund_naming_amount_and_what_is_refundable() {
        Refusal over = assertThrows(Refusal.class, () -> RefundRules.amountToReserve("p", 1000L, 1500, 1000));
        assertEquals(Refusal.Kind.CONFLICT, over.kind());
        assertEquals("over-refund", over.type());
        assertEquals("amount", over.field());
        assertEquals(500L, over.extensions().get("amount_refundable"));
        Refusal nothingLeft = assertThrows(Refusal.class, () -> RefundRules.amountToReserve("p", null, 1500, 1500));
        assertEquals("over-refund", nothingLeft.type());
        assertEquals(0L, nothingLeft.extensions().get("amount_refundable"));
        assertThrows(Refusal.class, () -> RefundRules.amountToReserve("p", null, 0, 0), "nothing captured, nothing to refund");
    }

    @ParameterizedTest
    @EnumSource(PaymentStatus.class)
    void only_captured_payments_not_fully_refunded_or_disputed_are_refundable(PaymentStatus status) {
        boolean refundable = status == PaymentStatus.SUCCEEDED || status == PaymentStatus.RELEASED
                || status == PaymentStatus.PARTIALLY_REFUNDED;
        if (refundable) {
            RefundRules.requireRefundable("p", status);
        } else {
            Refusal refused = assertThrows(Refusal.class, () -> RefundRules.requireRefundable("p", status));
            assertEquals(Refusal.Kind.CONFLICT, refused.kind());
            assertEquals("payment-not-refundable", refused.type());
            assertEquals(status.name(), refused.extensions().get("payment_status"));
            assertTrue(refused.getMessage().contains(status.name()));
        }
    }

    @Test
    void requests_read_the_amount_as_optional_minor_units_and_stripe_reason_words() throws Exception {
        RefundRequest all = RefundRequest.canonical(JSON.readTree("{\"payment_id\":\"p1\"}"));
        assertNull(all.amount());
        assertEquals("p1", all.paymentRef());
        RefundRequest part = RefundRequest.canonical(JSON.readTree(
                "{\"payment_id\":\"p1\",\"amount\":250,\"reason\":\"duplicate\",\"metadata\":{\"ticket\":\"T-1\"}}"));
        assertEquals(250L, part.amount());
        assertEquals("duplicate", part.reason());
        assertEquals("T-1", part.metadata().get("ticket"));
        RefundRequest eventBilling = RefundRequest.eventBilling(JSON.readTree("{\"payment_intent_id\":\"pi_1\",\"amount\":1000}"));
        assertEquals("pi_1", eventBilling.paymentRef());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"payment_id\":\"p\",\"amount\":0}|amount",
            "{\"payment_id\":\"p\",\"amount\":-5}|amount",
            "{\"payment_id\":\"p\",\"amount\":10.5}|amount",
            "{\"payment_id\":\"p\",\"amount\":\"100\"}|amount",
            "{\"payment_id\":\"p\",\"reason\":\"changed_my_mind\"}|reason",
            "{\"payment_id\":\"p\",\"metadata\":{\"payroute_refund_id\":\"x\"}}|metadata.payroute_refund_id",
            "{\"amount\":100}|payment_id",
            "{\"payment_id\":\"p\",\"payment_intent_id\":\"pi\"}|payment_intent_id"})
    void wrong_fields_are_named(String body, String field) throws Exception {
        Refusal refused = assertThrows(Refusal.class, () -> RefundRequest.canonical(JSON.readTree(body)));
        assertEquals(field, refused.field());
    }
}
