package dev.payroute.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoiceTransitionsTest {

    /**
     * The expected table, written independently of the implementation (README "Invoices" shows it):
     * a row per "from" status, a column per "to" status in enum order. A = allowed, . = refused (409),
     * = = the same status, no change.
     */
    private static final String[] TABLE = {
            //              DRA OPE PAI VOI UNC
            "DRAFT          =   A   .   A   .",
            "OPEN           .   =   A   A   A",
            "PAID           .   .   =   .   .",
            "VOID           .   .   .   =   .",
            "UNCOLLECTIBLE  .   .   .   .   =",
    };

    @Test
    void every_from_to_pair_matches_the_documented_table() {
        InvoiceStatus[] statuses = InvoiceStatus.values();
        assertEquals(statuses.length, TABLE.length);
        List<String> mismatches = new ArrayList<>();
        for (String line : TABLE) {
            String[] cells = line.trim().split("\\s+");
            InvoiceStatus from = InvoiceStatus.valueOf(cells[0]);
            for (int i = 0; i < statuses.length; i++) {
                InvoiceStatus to = statuses[i];
                String expected = cells[i + 1];
                boolean refused = false;
                try {
                    InvoiceTransitions.require(from, to);
                } catch (Refusal r) {
                    refused = true;
                    if (r.kind() != Refusal.Kind.CONFLICT || !"status".equals(r.field())) {
                        mismatches.add(from + "->" + to + " refused as " + r.kind() + " naming " + r.field());
                    }
                }
                String actual = refused ? "." : from == to ? "=" : "A";
                if (!actual.equals(expected)) {
                    mismatches.add(from + "->" + to + ": expected " + expected + ", got " + actual);
                }
                assertEquals(expected.equals("A"), InvoiceTransitions.allowed(from, to), from + "->" + to);
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void only_a_draft_is_editable_and_the_refusal_names_the_field() {
        assertDoesNotThrow(() -> InvoiceTransitions.requireEditable(InvoiceStatus.DRAFT, "lines"));
        for (InvoiceStatus status : InvoiceStatus.values()) {
            if (status == InvoiceStatus.DRAFT) {
                continue;
            }
            Refusal r = assertThrows(Refusal.class, () -> InvoiceTransitions.requireEditable(status, "lines"));
            assertEquals(Refusal.Kind.CONFLICT, r.kind());
            assertEquals("lines", r.field());
            assertEquals(status.wire(), r.extensions().get("invoice_status"));
        }
    }

    @Test
    void statuses_are_written_lower_case_on_the_wire() {
        for (InvoiceStatus status : InvoiceStatus.values()) {
            assertEquals(status, InvoiceStatus.fromWire(status.wire()));
        }
        assertEquals(null, InvoiceStatus.fromWire("PAID"));
        assertEquals(null, InvoiceStatus.fromWire("refunded"));
    }
}
