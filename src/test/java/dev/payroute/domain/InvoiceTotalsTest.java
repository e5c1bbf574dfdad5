package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InvoiceTotalsTest {

    private static InvoiceTotals.LineInput line(long quantity, long unitAmount, int bps) {
        return new InvoiceTotals.LineInput("line", quantity, unitAmount, bps);
    }

    @Test
    void line_tax_rounds_half_up_to_the_minor_unit() {
        assertEquals(0, InvoiceTotals.lineTax(0, 2000));
        assertEquals(0, InvoiceTotals.lineTax(1000, 0));
        assertEquals(200, InvoiceTotals.lineTax(1000, 2000));
        // 0.4 → 0, 0.5 → 1, 0.6 → 1
        assertEquals(0, InvoiceTotals.lineTax(4, 1000));
        assertEquals(1, InvoiceTotals.lineTax(5, 1000));
        assertEquals(1, InvoiceTotals.lineTax(6, 1000));
        // 8.25% of 1999 = 164.9175 → 165; of 1994 = 164.505 → 165; of 1993 = 164.4225 → 164
        assertEquals(165, InvoiceTotals.lineTax(1999, 825));
        assertEquals(165, InvoiceTotals.lineTax(1994, 825));
        assertEquals(164, InvoiceTotals.lineTax(1993, 825));
        // 100% is the whole amount
        assertEquals(12345, InvoiceTotals.lineTax(12345, 10_000));
    }

    @Test
    void tax_is_rounded_per_line_then_summed() {
        // Three lines of 5 at 10%: each 0.5 → 1, so tax 3 (rounding the sum, 1.5, would give 2).
        InvoiceTotals.Totals totals = InvoiceTotals.compute(List.of(line(1, 5, 1000), line(1, 5, 1000), line(1, 5, 1000)));
        assertEquals(15, totals.subtotal());
        assertEquals(3, totals.tax());
        assertEquals(18, totals.total());
    }

    @Test
    void amounts_are_quantity_times_unit_amount_and_the_total_adds_tax() {
        InvoiceTotals.Totals totals = InvoiceTotals.compute(List.of(
                new InvoiceTotals.LineInput("Room, 3 nights", 3, 12_900, 1_000),
                new InvoiceTotals.LineInput("Breakfast", 6, 1_450, 700),
                new InvoiceTotals.LineInput("City tax", 3, 250, 0)));
        assertEquals(3, totals.lines().size());
        assertEquals(38_700, totals.lines().get(0).amount());
        assertEquals(3_870, totals.lines().get(0).tax());
        assertEquals(8_700, totals.lines().get(1).amount());
        assertEquals(609, totals.lines().get(1).tax());
        assertEquals(750, totals.lines().get(2).amount());
        assertEquals(0, totals.lines().get(2).tax());
        assertEquals(48_150, totals.subtotal());
        assertEquals(4_479, totals.tax());
        assertEquals(52_629, totals.total());
        assertEquals("Breakfast", totals.lines().get(1).description());
    }

    @Test
    void a_free_line_is_allowed() {
        InvoiceTotals.Totals totals = InvoiceTotals.compute(List.of(line(2, 0, 2000)));
        assertEquals(0, totals.total());
    }

    @Test
    void absurd_values_are_refused_never_wrapped() {
        Refusal overflow = assertThrows(Refusal.class,
                () -> InvoiceTotals.compute(List.of(line(Long.MAX_VALUE, 2, 0))));
        assertEquals("lines[0].quantity", overflow.field());
        assertEquals(Refusal.Kind.UNPROCESSABLE, overflow.kind());

        Refusal lineTooLarge = assertThrows(Refusal.class,
                () -> InvoiceTotals.compute(List.of(line(1, 1, 0), line(1_000_000, InvoiceTotals.MAX_TOTAL, 0))));
        assertEquals("lines[1].quantity", lineTooLarge.field());

        // Each line fits; their sum does not.
        Refusal sumTooLarge = assertThrows(Refusal.class,
                () -> InvoiceTotals.compute(List.of(line(1, InvoiceTotals.MAX_TOTAL, 0), line(1, 1, 0))));
        assertEquals("lines", sumTooLarge.field());

        // The subtotal fits; with tax the total does not.
        Refusal totalTooLarge = assertThrows(Refusal.class,
                () -> InvoiceTotals.compute(List.of(line(1, InvoiceTotals.MAX_TOTAL, 1))));
        assertEquals("lines", totalTooLarge.field());

        assertEquals(InvoiceTotals.MAX_TOTAL,
                InvoiceTotals.compute(List.of(line(1, InvoiceTotals.MAX_TOTAL - 1, 0), line(1, 1, 0))).total());
        assertThrows(ArithmeticException.class, () -> InvoiceTotals.lineTax(Long.MAX_VALUE, 2));
    }
}
