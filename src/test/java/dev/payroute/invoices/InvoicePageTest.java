package dev.payroute.invoices;

import dev.payroute.domain.InvoiceStatus;
import dev.payroute.domain.InvoiceTotals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoicePageTest {

    @Test
    void amounts_use_the_currency_s_decimals() {
        assertEquals("1,234.56", InvoicePage.amount(123_456, "usd"));
        assertEquals("0.05", InvoicePage.amount(5, "eur"));
        assertEquals("0.00", InvoicePage.amount(0, "usd"));
        assertEquals("1,500", InvoicePage.amount(1_500, "jpy"));
        assertEquals("1.234", InvoicePage.amount(1_234, "kwd"));
        assertEquals("9,999,999,999.99", InvoicePage.amount(InvoiceTotals.MAX_TOTAL, "usd"));
    }

    @Test
    void rates_are_percentages() {
        assertEquals("20%", InvoicePage.rate(2000));
        assertEquals("8.25%", InvoicePage.rate(825));
        assertEquals("0%", InvoicePage.rate(0));
        assertEquals("100%", InvoicePage.rate(10_000));
    }

    @Test
    void the_page_shows_the_invoice_with_everything_escaped() {
        InvoiceRow invoice = new InvoiceRow(UUID.randomUUID(), "INV-2026-000007", InvoiceStatus.OPEN, "booking-<1>",
                "<script>alert('x')</script>", null, "jpy",
                List.of(new InvoiceTotals.Line("Room & \"view\"", 2, 15_000, 1_000, 30_000, 3_000)),
                30_000, 3_000, 33_000, LocalDate.of(2026, 12, 31), Instant.parse("2026-11-29T10:00:00Z"), null, null,
                Instant.parse("2026-11-29T09:00:00Z"), Instant.parse("2026-11-29T10:00:00Z"));
        String html = new InvoicePage().render(invoice);
        assertTrue(html.contains("INV-2026-000007"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("Room &amp; &quot;view&quot;"));
        assertTrue(html.contains("booking-&lt;1&gt;"));
        assertTrue(html.contains("33,000 JPY"));
        assertTrue(html.contains("30,000"));
        assertTrue(html.contains("10%"));
        assertTrue(html.contains("29 November 2026"));
        assertTrue(html.contains("31 December 2026"));
        assertTrue(html.contains("@media print"));
        assertTrue(html.contains("status-open"));
    }

    @Test
    void html_is_answered_only_to_callers_that_prefer_it() {
        assertTrue(InvoiceOperations.prefersHtml("text/html"));
        assertTrue(InvoiceOperations.prefersHtml("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertTrue(InvoiceOperations.prefersHtml("application/json;q=0.5, text/html"));
        assertFalse(InvoiceOperations.prefersHtml(null));
        assertFalse(InvoiceOperations.prefersHtml("*/*"));
        assertFalse(InvoiceOperations.prefersHtml("application/json"));
        assertFalse(InvoiceOperations.prefersHtml("application/json, text/html"));
        assertFalse(InvoiceOperations.prefersHtml("text/html;q=0"));
    }
}
