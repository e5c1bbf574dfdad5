package dev.payroute.domain;

import java.util.regex.Pattern;

/**
 * Invoice numbers: INV-&lt;year&gt;-&lt;sequence&gt;, the sequence gap-free within the year and written with at
 * least six digits (INV-2026-000001; the millionth-and-first is INV-2026-1000001). Only letters, digits and
 * hyphens: safe in a URL path as is.
 */
public final class InvoiceNumbers {

    public static final Pattern FORMAT = Pattern.compile("INV-[0-9]{4}-[0-9]{6,}");

    private InvoiceNumbers() {
    }

    public static String format(int year, long sequence) {
        if (year < 2000 || year > 9999 || sequence < 1) {
            throw new IllegalArgumentException("no invoice number for year " + year + ", sequence " + sequence);
        }
        return String.format("INV-%04d-%06d", year, sequence);
    }

    public static boolean isWellFormed(String number) {
        return number != null && FORMAT.matcher(number).matches();
    }
}
