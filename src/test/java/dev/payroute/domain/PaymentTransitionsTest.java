package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaymentTransitionsTest {

    /**
     * The expected table, written out independently of the implementation: a row per "from"
     * status, a column per "to" status in enum order. A = applied, . = refused, = = no change.
     */
    private static final String[] TABLE = {
            //                     PEN RA  PRO AUT SUC REL CAN FAI PRF REF DIS
            "PENDING             =   A   A   A   A   .   A   A   .   .   .",
            "REQUIRES_ACTION     .   =   A   A   A   .   A   A   .   .   .",
            "PROCESSING          .   .   =   A   A   .   A   A   .   .   .",
            "AUTHORIZED          .   .   .   =   A   .   A   .   .   .   .",
            "SUCCEEDED           .   .   .   .   =   A   .   .   A   A   A",
            "RELEASED            .   .   .   .   .   =   .   .   A   A   A",
            "CANCELED            .   .   .   .   .   .   =   .   .   .   .",
            "FAILED              .   A   A   A   A   .   A   =   .   .   .",
            "PARTIALLY_REFUNDED  .   .   .   .   .   .   .   .   A   A   A",
            "REFUNDED            .   .   .   .   .   .   .   .   .   =   .",
            "DISPUTED            .   .   .   .   A   .   .   .   .   .   =",
    };

    @Test
    void every_from_to_pair_matches_the_documented_table() {
        PaymentStatus[] statuses = PaymentStatus.values();
        assertEquals(statuses.length, TABLE.length);
        List<String> mismatches = new ArrayList<>();
        for (String line : TABLE) {
            String[] cells = line.trim().split("\\s+");
            PaymentStatus from = PaymentStatus.valueOf(cells[0]);
            assertEquals(statuses.length + 1, cells.length, line);
            for (int i = 0; i < statuses.length; i++) {
                PaymentTransitions.Outcome expected = switch (cells[i + 1]) {
                    case "A" -> PaymentTransitions.Outcome.APPLY;
                    case "=" -> PaymentTransitions.Outcome.UNCHANGED;
                    default -> PaymentTransitions.Outcome.REFUSE;
                };
                PaymentTransitions.Outcome actual = PaymentTransitions.decide(from, statuses[i]);
                if (actual != expected) {
                    mismatches.add(from + " -> " + statuses[i] + ": expected " + expected + " got " + actual);
                }
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void late_processing_or_failure_after_success_is_refused() {
        assertEquals(PaymentTransitions.Outcome.REFUSE, PaymentTransitions.decide(PaymentStatus.SUCCEEDED, PaymentStatus.PROCESSING));
        assertEquals(PaymentTransitions.Outcome.REFUSE, PaymentTransitions.decide(PaymentStatus.SUCCEEDED, PaymentStatus.FAILED));
        assertEquals(PaymentTransitions.Outcome.REFUSE, PaymentTransitions.decide(PaymentStatus.REFUNDED, PaymentStatus.SUCCEEDED));
    }

    @Test
    void a_refused_report_is_stale_when_its_status_can_still_lead_to_ours() {
        // Older reports: what Stripe said before the payment moved on.
        assertTrue(PaymentTransitions.reachable(PaymentStatus.PENDING, PaymentStatus.AUTHORIZED));
        assertTrue(PaymentTransitions.reachable(PaymentStatus.PROCESSING, PaymentStatus.SUCCEEDED));
        assertTrue(PaymentTransitions.reachable(PaymentStatus.FAILED, PaymentStatus.SUCCEEDED));
        assertTrue(PaymentTransitions.reachable(PaymentStatus.REQUIRES_ACTION, PaymentStatus.REFUNDED));
        assertTrue(PaymentTransitions.reachable(PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED));
        assertTrue(PaymentTransitions.reachable(PaymentStatus.AUTHORIZED, PaymentStatus.AUTHORIZED));
        // Contradictions: no allowed path leads from the report's status to ours.
        assertFalse(PaymentTransitions.reachable(PaymentStatus.CANCELED, PaymentStatus.SUCCEEDED));
        assertFalse(PaymentTransitions.reachable(PaymentStatus.REFUNDED, PaymentStatus.SUCCEEDED));
        assertFalse(PaymentTransitions.reachable(PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED));
        assertFalse(PaymentTransitions.reachable(PaymentStatus.AUTHORIZED, PaymentStatus.FAILED));
        assertFalse(PaymentTransitions.reachable(PaymentStatus.SUCCEEDED, PaymentStatus.PENDING));
        // Every status reaches itself, and every allowed move is a path of one step.
        for (PaymentStatus from : PaymentStatus.values()) {
            assertTrue(PaymentTransitions.reachable(from, from), from.name());
            for (PaymentStatus to : PaymentTransitions.allowedFrom(from)) {
                assertTrue(PaymentTransitions.reachable(from, to), from + " -> " + to);
            }
        }
    }

    @Test
    void final_statuses_allow_nothing_else() {
        for (PaymentStatus s : PaymentStatus.values()) {
            if (s.isFinal()) {
                assertTrue(PaymentTransitions.allowedFrom(s).isEmpty(), s.name());
            }
        }
    }
}
