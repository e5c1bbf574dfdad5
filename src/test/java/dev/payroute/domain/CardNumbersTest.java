package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CardNumbersTest {

    @Test
    void luhn_accepts_test_card_numbers_and_refuses_a_changed_digit() {
        assertTrue(CardNumbers.isLuhnValid("4242424242424242"));
        assertTrue(CardNumbers.isLuhnValid("378282246310005"));
        assertTrue(CardNumbers.isLuhnValid("6011111111111117"));
        assertTrue(CardNumbers.isLuhnValid("4222222222222"));
        assertFalse(CardNumbers.isLuhnValid("4242424242424241"));
        assertFalse(CardNumbers.isLuhnValid("378282246310006"));
    }

    @Test
    void a_card_number_is_found_inside_text_whole_or_in_groups() {
        assertTrue(CardNumbers.containsCardNumber("4242424242424242"));
        assertTrue(CardNumbers.containsCardNumber("pay with 4242 4242 4242 4242 please"));
        assertTrue(CardNumbers.containsCardNumber("card:4000-0566-5566-5556."));
        assertTrue(CardNumbers.containsCardNumber("amex 3782 822463 10005 exp 12/30"));
        assertTrue(CardNumbers.containsCardNumber("x4222222222222x"));
        assertTrue(CardNumbers.containsCardNumber("order 12 4242 4242 4242 4242"), "a card after other digits");
        assertTrue(CardNumbers.containsCardNumber("4242 - 4242 - 4242 - 4242"));
    }

    @Test
    void other_numbers_are_not_card_numbers() {
        assertFalse(CardNumbers.containsCardNumber(null));
        assertFalse(CardNumbers.containsCardNumber(""));
        assertFalse(CardNumbers.containsCardNumber("Order 123 for 2 people"));
        assertFalse(CardNumbers.containsCardNumber("4242424242424241"), "not Luhn-valid");
        assertFalse(CardNumbers.containsCardNumber("424242424242"), "12 digits are too few");
        assertFalse(CardNumbers.containsCardNumber("call +1 555-123-4567 after 18:00"));
        assertFalse(CardNumbers.containsCardNumber("42424242424242424242"), "20 digits in one run are too many");
        assertFalse(CardNumbers.containsCardNumber("4242.4242.4242.4242"), "only spaces and dashes join groups");
        assertFalse(CardNumbers.containsCardNumber("pm_card_visa"));
        // A Luhn-valid 16 digits in a UUID's 4-12 grouping: an order id, not a card.
        assertTrue(CardNumbers.isLuhnValid("1234567890123452"));
        assertFalse(CardNumbers.containsCardNumber("order-0f8fad5b-d9cb-469f-1234-567890123452"));
        assertTrue(CardNumbers.containsCardNumber("order-0f8fad5b-d9cb-469f-1234-5678-9012-3452"), "written in fours, it is one");
    }

    @Test
    void free_text_holding_a_card_number_is_a_422_that_does_not_echo_it() {
        Refusal refused = assertThrows(Refusal.class,
                () -> CardNumbers.requireNone("description", "for 4242 4242 4242 4242"));
        assertEquals(Refusal.Kind.UNPROCESSABLE, refused.kind());
        assertEquals("description", refused.field());
        assertFalse(refused.getMessage().contains("4242"), refused.getMessage());
        assertEquals("lunch for 4", CardNumbers.requireNone("description", "lunch for 4"));
        assertEquals(null, CardNumbers.requireNone("description", null));
    }
}
