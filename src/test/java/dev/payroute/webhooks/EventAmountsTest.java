package dev.payroute.webhooks;

import dev.payroute.stripe.IntentSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Amounts in a payment_intent.* event that no PaymentIntent can have are not believed. */
class EventAmountsTest {

    private static IntentSnapshot intent(String status, long amount, long received, long capturable) {
        return new IntentSnapshot("pi_1", status, amount, received, capturable, "usd", null, null, null, null, null,
                null, null, null, false, null);
    }

    @Test
    void amounts_a_payment_intent_can_have_are_plausible() {
        assertTrue(EventAmounts.plausible(intent("requires_payment_method", 2098, 0, 0)));
        assertTrue(EventAmounts.plausible(intent("requires_capture", 2098, 0, 2098)));
        assertTrue(EventAmounts.plausible(intent("succeeded", 2098, 2098, 0)));
        assertTrue(EventAmounts.plausible(intent("succeeded", 2098, 1500, 0)), "a partial capture");
    }

    @Test
    void more_received_or_capturable_than_the_amount_or_negative_amounts_are_not() {
        assertFalse(EventAmounts.plausible(intent("succeeded", 2098, 2099, 0)));
        assertFalse(EventAmounts.plausible(intent("succeeded", 2098, 99_999_999, 0)));
        assertFalse(EventAmounts.plausible(intent("requires_capture", 2098, 0, 2099)));
        assertFalse(EventAmounts.plausible(intent("succeeded", -2098, 0, 0)));
        assertFalse(EventAmounts.plausible(intent("succeeded", 0, 0, 0)), "an event without an amount");
        assertFalse(EventAmounts.plausible(intent("succeeded", 2098, -1, 0)));
        assertFalse(EventAmounts.plausible(intent("requires_capture", 2098, 0, -1)));
    }

    @Test
    void a_plausible_event_is_used_as_it_is_without_asking_stripe() {
        IntentSnapshot fromEvent = intent("succeeded", 2098, 2098, 0);
        List<String> retrieved = new ArrayList<>();
        assertSame(fromEvent, EventAmounts.trusted(fromEvent, id -> {
            retrieved.add(id);
            return null;
        }));
        assertTrue(retrieved.isEmpty());
    }

    @Test
    void an_implausible_event_is_replaced_by_the_intent_as_stripe_has_it() {
        IntentSnapshot fromEvent = intent("succeeded", 2098, 99_999_999, 0);
        IntentSnapshot atStripe = intent("requires_payment_method", 2098, 0, 0);
        List<String> retrieved = new ArrayList<>();
        IntentSnapshot used = EventAmounts.trusted(fromEvent, id -> {
            retrieved.add(id);
            return atStripe;
        });
        assertSame(atStripe, used);
        assertEquals(List.of("pi_1"), retrieved);
    }
}
