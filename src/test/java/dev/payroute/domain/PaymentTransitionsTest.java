package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void final_statuses_allow_nothing_else() {
        for (PaymentStatus s : PaymentStatus.values()) {
            if (s.isFinal()) {
                assertTrue(PaymentTransitions.allowedFrom(s).isEmpty(), s.name());
            }
        }
    }
}
