package dev.payroute.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * An invoice's amounts, computed by payroute from its lines in whole minor units, never floating point:
 * <ul>
 *   <li>a line's amount is quantity × unit_amount;</li>
 *   <li>a line's tax is its amount × tax_rate_bps / 10,000 rounded half up (to the nearest minor unit, a half
 *       rounding away from zero; amounts are never negative), computed per line;</li>
 *   <li>subtotal is the sum of the line amounts, tax the sum of the line taxes, total = subtotal + tax.</li>
 * </ul>
 * Every step is exact: an amount past {@link #MAX_TOTAL} (or past what a long holds) is refused, never wrapped.
 */
public final class InvoiceTotals {

    /** The largest subtotal, tax or total an invoice may have: 999,999,999,999 minor units. */
    public static final long MAX_TOTAL = 999_999_999_999L;
    public static final int MAX_BPS = 10_000;

    /** What the caller asked for on one line. */
    public record LineInput(String description, long quantity, long unitAmount, int taxRateBps) {
    }

    /** A line as issued: what was asked, with its amount and tax. */
    public record Line(String description, long quantity, long unitAmount, int taxRateBps, long amount, long tax) {
    }

    public record Totals(List<Line> lines, long subtotal, long tax, long total) {
    }

    private InvoiceTotals() {
    }

    public static Totals compute(List<LineInput> inputs) {
        List<Line> lines = new ArrayList<>(inputs.size());
        long subtotal = 0;
        long tax = 0;
        for (int i = 0; i < inputs.size(); i++) {
            LineInput in = inputs.get(i);
            String at = "lines[" + i + "]";
            long amount = bounded(at + ".quantity", () -> Math.multiplyExact(in.quantity(), in.unitAmount()));
            long lineTax = bounded(at + ".tax_rate_bps", () -> lineTax(amount, in.taxRateBps()));
            lines.add(new Line(in.description(), in.quantity(), in.unitAmount(), in.taxRateBps(), amount, lineTax));
            long subtotalSoFar = subtotal;
            long taxSoFar = tax;
            subtotal = bounded("lines", () -> Math.addExact(subtotalSoFar, amount));
            tax = bounded("lines", () -> Math.addExact(taxSoFar, lineTax));
        }
        long subtotalFinal = subtotal;
        long taxFinal = tax;
        long total = bounded("lines", () -> Math.addExact(subtotalFinal, taxFinal));
        return new Totals(List.copyOf(lines), subtotal, tax, total);
    }

    /** amount × bps / 10,000, rounded half up; amount and bps are never negative. */
    public static long lineTax(long amount, int bps) {
        if (amount < 0 || bps < 0 || bps > MAX_BPS) {
            throw new IllegalArgumentException("amount and tax rate must not be negative, the rate at most " + MAX_BPS);
        }
        return Math.addExact(Math.multiplyExact(amount, (long) bps), MAX_BPS / 2) / MAX_BPS;
    }

    private static long bounded(String field, java.util.function.LongSupplier exact) {
        long value;
        try {
            value = exact.getAsLong();
        } catch (ArithmeticException overflow) {
            throw tooLarge(field);
        }
        if (value > MAX_TOTAL) {
            throw tooLarge(field);
        }
        return value;
    }

    private static Refusal tooLarge(String field) {
        return Refusal.unprocessable(field, "the invoice's amounts must stay at most " + MAX_TOTAL
                + " minor units (a line's quantity × unit_amount, its tax, the subtotal, tax and total)");
    }
}
