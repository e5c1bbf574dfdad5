package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoiceRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINE = "{\"description\":\"Room\",\"quantity\":2,\"unit_amount\":5000}";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Refusal refusedCreate(String body) {
        return assertThrows(Refusal.class, () -> InvoiceRequests.create(json(body)));
    }

    @Test
    void a_create_reads_every_field() {
        InvoiceRequests.Create c = InvoiceRequests.create(json("{\"booking_id\":\"b1\",\"customer_id\":\"g1\",\"currency\":\"eur\","
                + "\"lines\":[" + LINE + ",{\"description\":\"Tax\",\"quantity\":1,\"unit_amount\":0,\"tax_rate_bps\":2000}],"
                + "\"due_date\":\"2026-12-31\",\"payment_id\":\"8d4ae7d6-0d5e-4a43-9b2b-5d0f3f7b1a10\"}"));
        assertEquals("b1", c.bookingId());
        assertEquals("g1", c.customerId());
        assertEquals("eur", c.currency());
        assertEquals(2, c.lines().size());
        assertEquals(0, c.lines().get(0).taxRateBps());
        assertEquals(2000, c.lines().get(1).taxRateBps());
        assertEquals(LocalDate.of(2026, 12, 31), c.dueDate());
        assertEquals("8d4ae7d6-0d5e-4a43-9b2b-5d0f3f7b1a10", c.paymentId().toString());
    }

    @Test
    void each_wrong_create_field_is_named() {
        String base = "\"booking_id\":\"b1\",\"customer_id\":\"g1\",\"currency\":\"usd\"";
        assertEquals("lines", refusedCreate("{" + base + "}").field());
        assertEquals("lines", refusedCreate("{" + base + ",\"lines\":[]}").field());
        assertEquals("customer_id", refusedCreate("{\"booking_id\":\"b1\",\"currency\":\"usd\",\"lines\":[" + LINE + "]}").field());
        assertEquals("currency", refusedCreate("{\"booking_id\":\"b1\",\"customer_id\":\"g1\",\"currency\":\"USD\",\"lines\":[" + LINE + "]}").field());
        assertEquals("color", refusedCreate("{" + base + ",\"lines\":[" + LINE + "],\"color\":\"red\"}").field());
        assertEquals("lines[0].quantity", refusedCreate("{" + base + ",\"lines\":[{\"description\":\"x\",\"quantity\":0,\"unit_amount\":1}]}").field());
        assertEquals("lines[0].quantity", refusedCreate("{" + base + ",\"lines\":[{\"description\":\"x\",\"quantity\":1.5,\"unit_amount\":1}]}").field());
        assertEquals("lines[0].unit_amount", refusedCreate("{" + base + ",\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unit_amount\":-1}]}").field());
        assertEquals("lines[0].unit_amount", refusedCreate("{" + base + ",\"lines\":[{\"description\":\"x\",\"quantity\":1}]}").field());
        assertEquals("lines[1].tax_rate_bps", refusedCreate("{" + base + ",\"lines\":[" + LINE
                + ",{\"description\":\"x\",\"quantity\":1,\"unit_amount\":1,\"tax_rate_bps\":10001}]}").field());
        assertEquals("lines[0].description", refusedCreate("{" + base + ",\"lines\":[{\"description\":\" \",\"quantity\":1,\"unit_amount\":1}]}").field());
        assertEquals("lines[0].description", refusedCreate("{" + base + ",\"lines\":[{\"description\":\"card 4242 4242 4242 4242\",\"quantity\":1,\"unit_amount\":1}]}").field());
        assertEquals("lines[0].discount", refusedCreate("{" + base + ",\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unit_amount\":1,\"discount\":5}]}").field());
        assertEquals("lines[0]", refusedCreate("{" + base + ",\"lines\":[7]}").field());
        assertEquals("due_date", refusedCreate("{" + base + ",\"lines\":[" + LINE + "],\"due_date\":\"31/12/2026\"}").field());
        assertEquals("payment_id", refusedCreate("{" + base + ",\"lines\":[" + LINE + "],\"payment_id\":\"nope\"}").field());
    }

    @Test
    void a_change_names_only_what_it_changes() {
        InvoiceRequests.Change status = InvoiceRequests.change(json("{\"status\":\"open\"}"));
        assertEquals(InvoiceStatus.OPEN, status.status());
        assertFalse(status.changesContent());
        assertNull(status.lines());

        InvoiceRequests.Change clear = InvoiceRequests.change(json("{\"due_date\":null}"));
        assertTrue(clear.dueDateGiven());
        assertNull(clear.dueDate());
        assertTrue(clear.changesContent());

        InvoiceRequests.Change lines = InvoiceRequests.change(json("{\"lines\":[" + LINE + "]}"));
        assertEquals(1, lines.lines().size());
    }

    @Test
    void a_null_clears_only_the_due_date_and_is_refused_for_any_other_field() {
        for (String field : new String[] {"status", "lines", "customer_id"}) {
            Refusal refusal = assertThrows(Refusal.class, () -> InvoiceRequests.change(json("{\"" + field + "\":null}")));
            assertEquals(Refusal.Kind.UNPROCESSABLE, refusal.kind(), field);
            assertEquals(field, refusal.field());
        }
        assertTrue(InvoiceRequests.change(json("{\"due_date\":null}")).dueDateGiven());
    }

    @Test
    void a_wrong_change_is_named() {
        assertEquals("status", assertThrows(Refusal.class, () -> InvoiceRequests.change(json("{\"status\":\"refunded\"}"))).field());
        assertEquals("currency", assertThrows(Refusal.class, () -> InvoiceRequests.change(json("{\"currency\":\"eur\"}"))).field());
        assertEquals("payment_id", assertThrows(Refusal.class, () -> InvoiceRequests.change(json("{\"payment_id\":\"x\"}"))).field());
        assertEquals("subtotal", assertThrows(Refusal.class, () -> InvoiceRequests.change(json("{\"subtotal\":1}"))).field());
        assertEquals(Refusal.Kind.INVALID, assertThrows(Refusal.class, () -> InvoiceRequests.change(json("{}"))).kind());
    }
}
