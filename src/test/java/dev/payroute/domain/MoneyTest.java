package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoneyTest {

    @Test
    void currencies_are_lower_case_iso_4217() {
        assertTrue(Money.isKnownCurrency("usd"));
        assertTrue(Money.isKnownCurrency("sgd"));
        assertTrue(Money.isKnownCurrency("jpy"));
        assertFalse(Money.isKnownCurrency("USD"));
        assertFalse(Money.isKnownCurrency("xyz"));
        assertFalse(Money.isKnownCurrency(""));
        assertFalse(Money.isKnownCurrency(null));
    }

    @Test
    void amounts_run_from_one_minor_unit_to_99_999_999() {
        assertDoesNotThrow(() -> Money.requireAmount("amount", 1));
        assertDoesNotThrow(() -> Money.requireAmount("amount", 99_999_999));
        Refusal zero = assertThrows(Refusal.class, () -> Money.requireAmount("amount", 0));
        assertEquals(Refusal.Kind.UNPROCESSABLE, zero.kind());
        assertEquals("amount", zero.field());
        assertThrows(Refusal.class, () -> Money.requireAmount("amount", -5));
        assertThrows(Refusal.class, () -> Money.requireAmount("amount", 100_000_000));
    }

    @Test
    void minor_unit_digits_follow_the_currency() {
        assertEquals(2, Money.fractionDigits("usd"));
        assertEquals(0, Money.fractionDigits("jpy"));
        assertEquals(3, Money.fractionDigits("kwd"));
    }
}
