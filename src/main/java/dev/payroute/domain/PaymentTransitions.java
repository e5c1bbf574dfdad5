package dev.payroute.domain;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.payroute.domain.PaymentStatus.*;

/**
 * The payment state machine, kept as data. README "Payment states" shows the same table.
 * A move the table does not list is refused; moving to the current status is a no-op,
 * except PARTIALLY_REFUNDED, where another partial refund is a real change.
 */
public final class PaymentTransitions {

    private static final Map<PaymentStatus, Set<PaymentStatus>> ALLOWED = new EnumMap<>(PaymentStatus.class);

    static {
        allow(PENDING, REQUIRES_ACTION, PROCESSING, AUTHORIZED, SUCCEEDED, FAILED, CANCELED);
        allow(REQUIRES_ACTION, PROCESSING, AUTHORIZED, SUCCEEDED, FAILED, CANCELED);
        allow(PROCESSING, AUTHORIZED, SUCCEEDED, FAILED, CANCELED);
        // Stripe lets a declined PaymentIntent be confirmed again with another payment method.
        allow(FAILED, REQUIRES_ACTION, PROCESSING, AUTHORIZED, SUCCEEDED, CANCELED);
        allow(AUTHORIZED, SUCCEEDED, CANCELED);
        allow(SUCCEEDED, RELEASED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED);
        allow(RELEASED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED);
        allow(PARTIALLY_REFUNDED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED);
        // A dispute that is won returns the money: the payment is captured again.
        allow(DISPUTED, SUCCEEDED);
        allow(CANCELED);
        allow(REFUNDED);
    }

    private PaymentTransitions() {
    }

    private static void allow(PaymentStatus from, PaymentStatus... to) {
        Set<PaymentStatus> targets = EnumSet.noneOf(PaymentStatus.class);
        Collections.addAll(targets, to);
        ALLOWED.put(from, Collections.unmodifiableSet(targets));
    }

    public enum Outcome {
        APPLY("APPLIED"), UNCHANGED("UNCHANGED"), REFUSE("REFUSED");

        private final String recorded;

        Outcome(String recorded) {
            this.recorded = recorded;
        }

        /** The word kept in payment_transitions.outcome. */
        public String recorded() {
            return recorded;
        }
    }

    public static Outcome decide(PaymentStatus from, PaymentStatus to) {
        if (ALLOWED.get(from).contains(to)) {
            return Outcome.APPLY;
        }
        return from == to ? Outcome.UNCHANGED : Outcome.REFUSE;
    }

    public static Set<PaymentStatus> allowedFrom(PaymentStatus from) {
        return ALLOWED.get(from);
    }

    /**
     * Whether a payment in status {@code from} can come to status {@code to} through allowed moves (none, one or
     * several). A refused report whose status can still lead to ours is older than what we know (stale); one whose
     * status cannot lead to ours contradicts it.
     */
    public static boolean reachable(PaymentStatus from, PaymentStatus to) {
        Set<PaymentStatus> seen = EnumSet.of(from);
        java.util.ArrayDeque<PaymentStatus> next = new java.util.ArrayDeque<>(seen);
        while (!next.isEmpty()) {
            for (PaymentStatus s : ALLOWED.get(next.poll())) {
                if (seen.add(s)) {
                    next.add(s);
                }
            }
        }
        return seen.contains(to);
    }
}
