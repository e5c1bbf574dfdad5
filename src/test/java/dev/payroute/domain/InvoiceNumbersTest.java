package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoiceNumbersTest {

    @Test
    void numbers_are_the_year_and_a_six_digit_sequence() {
        assertEquals("INV-2026-000001", InvoiceNumbers.format(2026, 1));
        assertEquals("INV-2026-000042", InvoiceNumbers.format(2026, 42));
        assertEquals("INV-2027-999999", InvoiceNumbers.format(2027, 999_999));
        assertEquals("INV-2027-1000000", InvoiceNumbers.format(2027, 1_000_000));
    }

    @Test
    void numbers_are_url_safe_and_recognised() {
        String number = InvoiceNumbers.format(2026, 123);
        assertEquals(number, URLEncoder.encode(number, StandardCharsets.UTF_8));
        assertTrue(InvoiceNumbers.isWellFormed(number));
        assertTrue(InvoiceNumbers.isWellFormed("INV-2026-1000000"));
        assertFalse(InvoiceNumbers.isWellFormed("INV-2026-12345"));
        assertFalse(InvoiceNumbers.isWellFormed("inv-2026-000001"));
        assertFalse(InvoiceNumbers.isWellFormed(null));
    }

    @Test
    void there_is_no_number_zero() {
        assertThrows(IllegalArgumentException.class, () -> InvoiceNumbers.format(2026, 0));
        assertThrows(IllegalArgumentException.class, () -> InvoiceNumbers.format(99, 1));
    }
}
