package dev.payroute.domain;

import java.util.Locale;

/** An invoice's status; the API writes it lower case, as Stripe does for its invoices. */
public enum InvoiceStatus {
    DRAFT, OPEN, PAID, VOID, UNCOLLECTIBLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named by the API's lower-case word, or null when there is none of that name. */
    public static InvoiceStatus fromWire(String word) {
        for (InvoiceStatus status : values()) {
            if (status.wire().equals(word)) {
                return status;
            }
        }
        return null;
    }
}
