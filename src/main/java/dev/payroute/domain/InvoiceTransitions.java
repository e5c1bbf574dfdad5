package dev.payroute.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.payroute.domain.InvoiceStatus.*;

/**
 * The invoice state machine, kept as data (README "Invoices" shows the same table): draft → open | void;
 * open → paid | void | uncollectible; paid, void and uncollectible are final. Asking for the status an
 * invoice already has changes nothing; any other move is refused.
 */
public final class InvoiceTransitions {

    private static final Map<InvoiceStatus, Set<InvoiceStatus>> ALLOWED = new EnumMap<>(InvoiceStatus.class);

    static {
        ALLOWED.put(DRAFT, EnumSet.of(OPEN, VOID));
        ALLOWED.put(OPEN, EnumSet.of(PAID, VOID, UNCOLLECTIBLE));
        ALLOWED.put(PAID, EnumSet.noneOf(InvoiceStatus.class));
        ALLOWED.put(VOID, EnumSet.noneOf(InvoiceStatus.class));
        ALLOWED.put(UNCOLLECTIBLE, EnumSet.noneOf(InvoiceStatus.class));
    }

    private InvoiceTransitions() {
    }

    public static boolean allowed(InvoiceStatus from, InvoiceStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    public static Set<InvoiceStatus> targets(InvoiceStatus from) {
        return Collections.unmodifiableSet(ALLOWED.get(from));
    }

    /** Refuses (409, field status) a move the table does not list; the same status is no move. */
    public static void require(InvoiceStatus from, InvoiceStatus to) {
        if (from != to && !allowed(from, to)) {
            throw new Refusal(Refusal.Kind.CONFLICT, "invoice-status-change-refused",
                    "an invoice in status " + from.wire() + " cannot become " + to.wire()
                            + (targets(from).isEmpty() ? " (" + from.wire() + " is final)" : ""), "status")
                    .with("invoice_status", from.wire());
        }
    }

    /** Only a draft's content (lines, customer, due date) may change. */
    public static void requireEditable(InvoiceStatus current, String field) {
        if (current != DRAFT) {
            throw new Refusal(Refusal.Kind.CONFLICT, "invoice-not-editable",
                    field + " can be changed only while the invoice is a draft; it is " + current.wire(), field)
                    .with("invoice_status", current.wire());
        }
    }
}
