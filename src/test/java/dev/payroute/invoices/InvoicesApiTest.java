package dev.payroute.invoices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.payroute.security.ApiKeys;
import dev.payroute.support.RouteTestSupport;
import dev.payroute.support.StripeEvents;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoicesApiTest extends RouteTestSupport {

    private static final String LINES = "[{\"description\":\"Double room, 3 nights\",\"quantity\":3,\"unit_amount\":12900,\"tax_rate_bps\":1000},"
            + "{\"description\":\"Breakfast\",\"quantity\":6,\"unit_amount\":1450,\"tax_rate_bps\":700},"
            + "{\"description\":\"City tax\",\"quantity\":3,\"unit_amount\":250}]";

    private static String invoiceJson(String booking, String extra) {
        return "{\"booking_id\":\"" + booking + "\",\"customer_id\":\"guest-" + booking + "\",\"currency\":\"usd\",\"lines\":"
                + LINES + (extra == null ? "" : "," + extra) + "}";
    }

    private JsonNode create(String booking, String extra) {
        Reply r = post("/api/v1/invoices", PAYMENTS_KEY, invoiceJson(booking, extra), null);
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private Reply patch(String id, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/invoices/" + id))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private Reply getAccepting(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).header("Accept", accept).GET());
    }

    private static String actor(String key) {
        return ApiKeys.parse(key + ":payments").authorize("Bearer " + key, ApiKeys.Scope.PAYMENTS);
    }

    private static int year() {
        return LocalDate.now(ZoneOffset.UTC).getYear();
    }

    @Test
    void a_create_answers_a_numbered_draft_with_totals_computed_from_the_lines() {
        String booking = "booking-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Reply r = post("/api/v1/invoices", PAYMENTS_KEY, invoiceJson(booking, "\"due_date\":\"2026-12-31\""), key);
        assertEquals(201, r.status(), r.body());
        JsonNode invoice = r.json();
        String id = invoice.get("id").asText();
        assertTrue(invoice.get("number").asText().matches("INV-" + year() + "-\\d{6}"), invoice.get("number").asText());
        assertEquals("draft", invoice.get("status").asText());
        assertEquals(48_150, invoice.get("subtotal").asLong());
        assertEquals(4_479, invoice.get("tax").asLong());
        assertEquals(52_629, invoice.get("total").asLong());
        assertEquals(3, invoice.get("lines").size());
        assertEquals(38_700, invoice.at("/lines/0/amount").asLong());
        assertEquals(3_870, invoice.at("/lines/0/tax").asLong());
        assertEquals(0, invoice.at("/lines/2/tax_rate_bps").asInt());
        assertEquals("2026-12-31", invoice.get("due_date").asText());
        assertEquals("guest-" + booking, invoice.get("customer_id").asText());
        assertTrue(invoice.get("issued_at").isNull());

        Reply replay = post("/api/v1/invoices", PAYMENTS_KEY, invoiceJson(booking, "\"due_date\":\"2026-12-31\""), key);
        assertEquals(201, replay.status());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(id, replay.json().get("id").asText());
        assertEquals(1, count("SELECT count(*) FROM invoices WHERE booking_id = ?", booking));

        assertEquals(invoice, get("/api/v1/invoices/" + id, PAYMENTS_KEY).json());
        assertEquals(invoice, get("/api/v1/invoices/number/" + invoice.get("number").asText(), PAYMENTS_KEY).json());

        create(booking, null);
        JsonNode list = get("/api/v1/invoices/booking/" + booking + "?page_size=1", PAYMENTS_KEY).json();
        assertEquals(2, list.get("total").asLong());
        assertEquals(1, list.get("items").size());
        assertEquals(1, list.get("page").asInt());
        assertEquals(1, list.get("page_size").asInt());
        assertEquals(0, get("/api/v1/invoices/booking/none-" + UUID.randomUUID(), PAYMENTS_KEY).json().get("total").asLong());
        assertEquals(401, get("/api/v1/invoices/" + id, null).status());
    }

    @Test
    void bad_requests_are_refused_naming_the_field_and_store_nothing() {
        String booking = "booking-" + UUID.randomUUID();
        long before = count("SELECT count(*) FROM invoices");
        String counters = queryString("SELECT string_agg(year || ':' || last_number, ',') FROM invoice_number_counters");
        Object[][] cases = {
                {400, "lines", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\"}"},
                {422, "lines", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":[]}"},
                {422, "lines[0].quantity", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":[{\"description\":\"x\",\"quantity\":0,\"unit_amount\":1}]}"},
                {422, "lines[0].unit_amount", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unit_amount\":\"12\"}]}"},
                {400, "lines[0].price", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unit_amount\":1,\"price\":1}]}"},
                {422, "lines", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":[{\"description\":\"x\",\"quantity\":1,\"unit_amount\":999999999999},{\"description\":\"y\",\"quantity\":1,\"unit_amount\":1}]}"},
                {422, "lines[0].quantity", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":[{\"description\":\"x\",\"quantity\":1000000,\"unit_amount\":999999999999}]}"},
                {400, "colour", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":" + LINES + ",\"colour\":\"red\"}"},
                {422, "currency", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usdollar\",\"lines\":" + LINES + "}"},
                {422, "due_date", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":" + LINES + ",\"due_date\":\"tomorrow\"}"},
                {422, "payment_id", "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":" + LINES
                        + ",\"payment_id\":\"" + UUID.randomUUID() + "\"}"},
                {400, "booking_id", "{\"customer_id\":\"c\",\"currency\":\"usd\",\"lines\":" + LINES + "}"},
        };
        for (Object[] c : cases) {
            Reply r = post("/api/v1/invoices", PAYMENTS_KEY, (String) c[2], null);
            assertEquals(c[0], r.status(), c[2] + " → " + r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertEquals(c[1], r.json().get("field").asText(), r.body());
        }
        assertEquals(400, post("/api/v1/invoices", PAYMENTS_KEY, "{\"booking_id\":", null).status());
        assertEquals(before, count("SELECT count(*) FROM invoices"));
        assertEquals(counters, queryString("SELECT string_agg(year || ':' || last_number, ',') FROM invoice_number_counters"),
                "a refused create takes no number");

        JsonNode payment = createPayment("order-" + booking, 1000);
        Reply otherCurrency = post("/api/v1/invoices", PAYMENTS_KEY, "{\"booking_id\":\"b\",\"customer_id\":\"c\",\"currency\":\"eur\","
                + "\"lines\":" + LINES + ",\"payment_id\":\"" + payment.get("id").asText() + "\"}", null);
        assertEquals(422, otherCurrency.status(), otherCurrency.body());
        assertEquals("currency", otherCurrency.json().get("field").asText());
    }

    @Test
    void the_invoice_paths_are_described_and_refuse_other_methods() {
        String openapi = get("/api/v1/openapi.json", null).body();
        for (String path : List.of("/invoices", "/invoices/{id}", "/invoices/number/{number}", "/invoices/booking/{booking_id}",
                "/billing/booking/{booking_id}", "/billing/guest/{guest_id}")) {
            assertTrue(openapi.contains("\"/api/v1" + path + "\""), path);
        }
        assertTrue(openapi.contains("\"patch\""));
        Reply delete = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/invoices/" + UUID.randomUUID()))
                .header("Authorization", "Bearer " + PAYMENTS_KEY).DELETE());
        assertEquals(405, delete.status(), delete.body());
        assertTrue(delete.header("Allow").contains("PATCH"), delete.header("Allow"));
        assertTrue(delete.header("Allow").contains("GET"), delete.header("Allow"));
    }

    @Test
    void unknown_invoices_are_404() {
        assertEquals(404, get("/api/v1/invoices/" + UUID.randomUUID(), PAYMENTS_KEY).status());
        assertEquals(404, get("/api/v1/invoices/not-a-uuid", PAYMENTS_KEY).status());
        assertEquals(404, get("/api/v1/invoices/number/INV-1999-000001", PAYMENTS_KEY).status());
        Reply r = patch(UUID.randomUUID().toString(), "{\"status\":\"open\"}");
        assertEquals(404, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"));
    }

    /** The status an invoice reaches through allowed moves, for every status. */
    private static final Map<String, List<String>> PATHS = Map.of(
            "draft", List.of(),
            "open", List.of("open"),
            "paid", List.of("open", "paid"),
            "void", List.of("void"),
            "uncollectible", List.of("open", "uncollectible"));

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "draft", Set.of("open", "void"),
            "open", Set.of("paid", "void", "uncollectible"),
            "paid", Set.of(), "void", Set.of(), "uncollectible", Set.of());

    private String invoiceIn(String status) {
        String id = create("booking-" + UUID.randomUUID(), null).get("id").asText();
        for (String step : PATHS.get(status)) {
            Reply r = patch(id, "{\"status\":\"" + step + "\"}");
            assertEquals(200, r.status(), r.body());
            assertEquals(step, r.json().get("status").asText());
        }
        return id;
    }

    @Test
    void every_status_change_outside_the_table_is_409_naming_status() {
        for (String from : PATHS.keySet()) {
            String id = invoiceIn(from);
            for (String to : PATHS.keySet()) {
                if (to.equals(from) || ALLOWED.get(from).contains(to)) {
                    continue;
                }
                Reply r = patch(id, "{\"status\":\"" + to + "\"}");
                assertEquals(409, r.status(), from + "→" + to + ": " + r.body());
                assertTrue(r.contentType().startsWith("application/problem+json"));
                assertEquals("status", r.json().get("field").asText());
                assertEquals(from, r.json().get("invoice_status").asText());
            }
            assertEquals(from, get("/api/v1/invoices/" + id, PAYMENTS_KEY).json().get("status").asText());
            Reply same = patch(id, "{\"status\":\"" + from + "\"}");
            assertEquals(200, same.status(), "the same status is no change: " + same.body());
        }
        for (String from : ALLOWED.keySet()) {
            for (String to : ALLOWED.get(from)) {
                String id = invoiceIn(from);
                Reply r = patch(id, "{\"status\":\"" + to + "\"}");
                assertEquals(200, r.status(), from + "→" + to + ": " + r.body());
                assertEquals(to, r.json().get("status").asText());
            }
        }
        Reply unknown = patch(invoiceIn("draft"), "{\"status\":\"refunded\"}");
        assertEquals(422, unknown.status());
        assertEquals("status", unknown.json().get("field").asText());
    }

    @Test
    void content_changes_only_while_draft_and_totals_follow_the_lines() {
        String id = invoiceIn("draft");
        Reply edited = patch(id, "{\"lines\":[{\"description\":\"Suite\",\"quantity\":2,\"unit_amount\":10005,\"tax_rate_bps\":1000}],"
                + "\"customer_id\":\"guest-new\",\"due_date\":\"2027-01-15\"}");
        assertEquals(200, edited.status(), edited.body());
        assertEquals(20_010, edited.json().get("subtotal").asLong());
        assertEquals(2_001, edited.json().get("tax").asLong());
        assertEquals(22_011, edited.json().get("total").asLong());
        assertEquals("guest-new", edited.json().get("customer_id").asText());
        assertEquals("2027-01-15", edited.json().get("due_date").asText());
        assertEquals(1, edited.json().get("lines").size());

        Reply badLines = patch(id, "{\"lines\":[{\"description\":\"x\",\"quantity\":-1,\"unit_amount\":1}]}");
        assertEquals(422, badLines.status());
        assertEquals("lines[0].quantity", badLines.json().get("field").asText());
        Reply fixed = patch(id, "{\"currency\":\"eur\"}");
        assertEquals(400, fixed.status());
        assertEquals("currency", fixed.json().get("field").asText());

        Reply issued = patch(id, "{\"status\":\"open\"}");
        assertEquals(200, issued.status());
        assertNotNull(issued.json().get("issued_at").textValue());
        for (String body : List.of("{\"lines\":" + LINES + "}", "{\"customer_id\":\"someone\"}", "{\"due_date\":null}",
                "{\"status\":\"open\",\"lines\":" + LINES + "}")) {
            String field = body.contains("lines") ? "lines" : body.contains("customer_id") ? "customer_id" : "due_date";
            Reply r = patch(id, body);
            assertEquals(409, r.status(), body + " → " + r.body());
            assertEquals(field, r.json().get("field").asText());
        }
        assertEquals(22_011, get("/api/v1/invoices/" + id, PAYMENTS_KEY).json().get("total").asLong());
    }

    @Test
    void issuing_and_paying_write_billing_records_with_the_caller_as_actor() {
        String booking = "booking-" + UUID.randomUUID();
        String id = create(booking, null).get("id").asText();
        patch(id, "{\"status\":\"open\"}");
        patch(id, "{\"status\":\"paid\"}");
        patch(id, "{\"status\":\"paid\"}");
        JsonNode records = get("/api/v1/billing/booking/" + booking, PAYMENTS_KEY).json();
        assertEquals(2, records.get("total").asLong(), records.toString());
        assertEquals("invoice_paid", records.at("/items/0/kind").asText());
        assertEquals("invoice_issued", records.at("/items/1/kind").asText());
        for (JsonNode item : records.get("items")) {
            assertEquals(id, item.get("invoice_id").asText());
            assertEquals(52_629, item.get("amount").asLong());
            assertEquals("usd", item.get("currency").asText());
            assertEquals(actor(PAYMENTS_KEY), item.get("actor").asText());
            assertEquals("guest-" + booking, item.get("guest_id").asText());
            assertNotNull(item.get("correlation_id").textValue());
        }
        // Void is not a money movement.
        String voided = create(booking, null).get("id").asText();
        patch(voided, "{\"status\":\"void\"}");
        assertEquals(2, get("/api/v1/billing/booking/" + booking, PAYMENTS_KEY).json().get("total").asLong());
    }

    @Test
    void concurrent_creates_get_gap_free_numbers() throws Exception {
        int n = 24;
        String booking = "booking-race-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Reply> c = () -> post("/api/v1/invoices", PAYMENTS_KEY, invoiceJson(booking, null), null);
                replies.add(pool.submit(c));
            }
            Set<String> numbers = new HashSet<>();
            for (Future<Reply> f : replies) {
                Reply r = f.get();
                assertEquals(201, r.status(), r.body());
                numbers.add(r.json().get("number").asText());
            }
            assertEquals(n, numbers.size(), "no duplicate numbers");
        } finally {
            pool.shutdownNow();
        }
        // Every number of the year, from every test: exactly 1..count, no gap, no duplicate.
        long total = count("SELECT count(*) FROM invoices WHERE year = ?", year());
        assertEquals(total, count("SELECT count(DISTINCT sequence) FROM invoices WHERE year = ?", year()));
        assertEquals(1, count("SELECT min(sequence) FROM invoices WHERE year = ?", year()));
        assertEquals(total, count("SELECT max(sequence) FROM invoices WHERE year = ?", year()));
        assertEquals(total, count("SELECT last_number FROM invoice_number_counters WHERE year = ?", year()));
        for (JsonNode item : get("/api/v1/invoices/booking/" + booking + "?page_size=200", PAYMENTS_KEY).json().get("items")) {
            assertEquals(item.get("number").asText(), String.format("INV-%d-%06d", year(),
                    count("SELECT sequence FROM invoices WHERE id = ?", UUID.fromString(item.get("id").asText()))));
        }
    }

    @Test
    void a_create_that_rolls_back_leaves_no_gap() throws Exception {
        long before = count("SELECT coalesce(max(last_number), 0) FROM invoice_number_counters WHERE year = ?", year());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO invoice_number_counters (year, last_number) VALUES (?, 1)"
                    + " ON CONFLICT (year) DO UPDATE SET last_number = invoice_number_counters.last_number + 1")) {
                ps.setInt(1, year());
                ps.executeUpdate();
            }
            c.rollback();
        }
        JsonNode invoice = create("booking-" + UUID.randomUUID(), null);
        assertEquals(String.format("INV-%d-%06d", year(), before + 1), invoice.get("number").asText());
    }

    @Test
    void an_invoice_linked_to_a_payment_is_paid_when_the_payment_succeeds() {
        String booking = "booking-" + UUID.randomUUID();
        JsonNode payment = createPayment("order-" + booking, 52_629);
        String paymentId = payment.get("id").asText();
        JsonNode invoice = create(booking, "\"payment_id\":\"" + paymentId + "\"");
        assertEquals("draft", invoice.get("status").asText());
        assertEquals(paymentId, invoice.get("payment_id").asText());

        Reply confirmed;
        // The stand-in's own webhooks are held back, so that the API's answer is what applies the capture.
        standIn.withholdWebhooks("*", true);
        try {
            confirmed = post("/api/v1/payments/" + paymentId + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        } finally {
            standIn.withholdWebhooks("*", false);
        }
        assertEquals(200, confirmed.status(), confirmed.body());
        JsonNode paid = get("/api/v1/invoices/" + invoice.get("id").asText(), PAYMENTS_KEY).json();
        assertEquals("paid", paid.get("status").asText());
        assertNotNull(paid.get("issued_at").textValue());
        assertNotNull(paid.get("paid_at").textValue());
        assertEquals(2, count("SELECT count(*) FROM billing_records WHERE invoice_id = ? AND kind IN ('invoice_issued', 'invoice_paid')"
                + " AND actor = ? AND payment_id = ?", UUID.fromString(invoice.get("id").asText()), actor(PAYMENTS_KEY),
                UUID.fromString(paymentId)));
        assertEquals(1, count("SELECT count(*) FROM billing_records WHERE payment_id = ? AND kind = 'payment_captured'",
                UUID.fromString(paymentId)));

        // An invoice created for a payment that already succeeded is issued and paid at once.
        JsonNode late = create(booking, "\"payment_id\":\"" + paymentId + "\"");
        assertEquals("paid", late.get("status").asText());
        assertNotNull(late.get("paid_at").textValue());

        // A payment that fails leaves its invoice a draft.
        JsonNode declinedPayment = createPayment("order-d-" + booking, 500);
        JsonNode waiting = create(booking, "\"payment_id\":\"" + declinedPayment.get("id").asText() + "\"");
        post("/api/v1/payments/" + declinedPayment.get("id").asText() + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_chargeDeclined\"}", null);
        assertEquals("draft", get("/api/v1/invoices/" + waiting.get("id").asText(), PAYMENTS_KEY).json().get("status").asText());
    }

    /** A payment confirmed with a test card through the API: SUCCEEDED, all of it captured. */
    private JsonNode capturedPayment(String booking, long amount) {
        JsonNode payment = createPayment("order-" + UUID.randomUUID() + "-" + booking, amount);
        Reply confirmed = post("/api/v1/payments/" + payment.get("id").asText() + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"pm_card_visa\"}", null);
        assertEquals("SUCCEEDED", confirmed.json().get("status").asText(), confirmed.body());
        return confirmed.json();
    }

    private void refund(String paymentId, Long amount) {
        Reply r = post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + paymentId + "\""
                + (amount == null ? "" : ",\"amount\":" + amount) + "}", null);
        assertEquals(201, r.status(), r.body());
        assertEquals("SUCCEEDED", r.json().get("status").asText(), r.body());
    }

    private void deliver(String type, JsonNode object) {
        String event = StripeEvents.event(type, object);
        assertEquals(200, postWebhook(event).status());
        assertEquals("PROCESSED", awaitWebhookDone(StripeEvents.idOf(event)));
    }

    private ObjectNode dispute(String paymentIntentId, long amount) {
        ObjectNode dispute = StripeEvents.fixture("dispute");
        dispute.put("id", "dp_" + StripeEvents.random());
        dispute.put("payment_intent", paymentIntentId);
        dispute.put("amount", amount);
        return dispute;
    }

    private String counters() {
        return queryString("SELECT string_agg(year || ':' || last_number, ',') FROM invoice_number_counters");
    }

    private long invoiceRecords(String paymentId) {
        return count("SELECT count(*) FROM billing_records WHERE payment_id = ? AND invoice_id IS NOT NULL",
                UUID.fromString(paymentId));
    }

    @Test
    void an_invoice_for_a_refunded_or_canceled_payment_is_refused_409_naming_payment_id_and_takes_no_number() {
        String booking = "booking-" + UUID.randomUUID();
        String refunded = capturedPayment(booking, 2_000).get("id").asText();
        refund(refunded, null);
        assertEquals("REFUNDED", paymentStatus(refunded));
        JsonNode pending = createPayment("order-c-" + booking, 700);
        String canceled = pending.get("id").asText();
        deliver("payment_intent.canceled", StripeEvents.paymentIntent(pending.get("payment_intent_id").asText(), "canceled", 700));
        assertEquals("CANCELED", paymentStatus(canceled));

        String counters = counters();
        long billing = count("SELECT count(*) FROM billing_records");
        for (String[] c : new String[][] {{refunded, "REFUNDED"}, {canceled, "CANCELED"}}) {
            Reply r = post("/api/v1/invoices", PAYMENTS_KEY, invoiceJson(booking, "\"payment_id\":\"" + c[0] + "\""), null);
            assertEquals(409, r.status(), r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertEquals("https://payroute.dev/problems/payment-" + c[1].toLowerCase(java.util.Locale.ROOT),
                    r.json().get("type").asText());
            assertEquals("payment_id", r.json().get("field").asText());
            assertEquals(c[1], r.json().get("payment_status").asText());
        }
        assertEquals(0, count("SELECT count(*) FROM invoices WHERE booking_id = ?", booking));
        assertEquals(counters, counters(), "a refused create takes no number");
        assertEquals(billing, count("SELECT count(*) FROM billing_records"), "no invoice_issued, no invoice_paid");
    }

    @Test
    void an_invoice_is_paid_at_once_only_while_its_payment_holds_the_money_and_stays_paid_after_a_refund() {
        String booking = "booking-" + UUID.randomUUID();
        String partly = capturedPayment(booking, 3_000).get("id").asText();
        refund(partly, 1_000L);
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(partly));
        JsonNode invoice = create(booking, "\"payment_id\":\"" + partly + "\"");
        assertEquals("paid", invoice.get("status").asText());
        assertEquals(2, invoiceRecords(partly));

        // Paid is final: refunding the rest of its payment leaves the invoice paid and records no invoice change.
        refund(partly, null);
        assertEquals("REFUNDED", paymentStatus(partly));
        assertEquals("paid", get("/api/v1/invoices/" + invoice.get("id").asText(), PAYMENTS_KEY).json().get("status").asText());
        assertEquals(2, invoiceRecords(partly));
    }

    @Test
    void an_invoice_for_a_disputed_payment_is_a_draft_paid_if_the_dispute_is_won() {
        String booking = "booking-" + UUID.randomUUID();
        JsonNode payment = capturedPayment(booking, 4_100);
        String paymentId = payment.get("id").asText();
        String intent = payment.get("payment_intent_id").asText();
        ObjectNode dispute = dispute(intent, 4_100);
        deliver("charge.dispute.created", dispute);
        assertEquals("DISPUTED", paymentStatus(paymentId));

        JsonNode invoice = create(booking, "\"payment_id\":\"" + paymentId + "\"");
        assertEquals("draft", invoice.get("status").asText(), "the card network holds the money: not paid at once");
        assertTrue(invoice.get("paid_at").isNull());
        assertEquals(0, invoiceRecords(paymentId));

        dispute.put("status", "won");
        deliver("charge.dispute.closed", dispute);
        assertEquals("SUCCEEDED", paymentStatus(paymentId));
        JsonNode paid = get("/api/v1/invoices/" + invoice.get("id").asText(), PAYMENTS_KEY).json();
        assertEquals("paid", paid.get("status").asText());
        assertEquals(2, count("SELECT count(*) FROM billing_records WHERE invoice_id = ? AND actor = 'stripe'"
                + " AND kind IN ('invoice_issued', 'invoice_paid')", UUID.fromString(invoice.get("id").asText())));
    }

    @Test
    void an_unknown_payment_or_another_currency_is_not_kept_for_the_idempotency_key() {
        String booking = "booking-" + UUID.randomUUID();
        String paymentId = createPayment("order-" + booking, 1_000).get("id").asText();
        String key = "idem-" + UUID.randomUUID();
        String counters = counters();
        Reply unknown = post("/api/v1/invoices", PAYMENTS_KEY,
                invoiceJson(booking, "\"payment_id\":\"" + UUID.randomUUID() + "\""), key);
        assertEquals(422, unknown.status(), unknown.body());
        assertEquals("https://payroute.dev/problems/unknown-payment", unknown.json().get("type").asText());
        assertEquals("payment_id", unknown.json().get("field").asText());
        assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
        Reply otherCurrency = post("/api/v1/invoices", PAYMENTS_KEY, invoiceJson(booking, "\"payment_id\":\"" + paymentId + "\"")
                .replace("\"currency\":\"usd\"", "\"currency\":\"eur\""), key);
        assertEquals(422, otherCurrency.status(), otherCurrency.body());
        assertEquals("currency", otherCurrency.json().get("field").asText());
        assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE idem_key = ?", key));
        assertEquals(counters, counters());

        Reply corrected = post("/api/v1/invoices", PAYMENTS_KEY, invoiceJson(booking, "\"payment_id\":\"" + paymentId + "\""), key);
        assertEquals(201, corrected.status(), corrected.body());
        assertEquals("draft", corrected.json().get("status").asText());
        Reply replay = post("/api/v1/invoices", PAYMENTS_KEY, invoiceJson(booking, "\"payment_id\":\"" + paymentId + "\""), key);
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(corrected.json().get("id"), replay.json().get("id"));
        assertEquals(1, count("SELECT count(*) FROM invoices WHERE booking_id = ?", booking));
    }

    @Test
    void a_null_for_any_field_but_due_date_is_422_naming_it_and_changes_nothing() {
        String id = invoiceIn("draft");
        JsonNode before = get("/api/v1/invoices/" + id, PAYMENTS_KEY).json();
        for (String field : List.of("customer_id", "status", "lines")) {
            Reply r = patch(id, "{\"" + field + "\":null}");
            assertEquals(422, r.status(), field + " → " + r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertEquals(field, r.json().get("field").asText());
        }
        Reply mixed = patch(id, "{\"due_date\":\"2027-02-01\",\"customer_id\":null}");
        assertEquals(422, mixed.status(), mixed.body());
        assertEquals("customer_id", mixed.json().get("field").asText());
        assertEquals(before, get("/api/v1/invoices/" + id, PAYMENTS_KEY).json(), "nothing changed, updated_at included");

        Reply cleared = patch(id, "{\"due_date\":null}");
        assertEquals(200, cleared.status(), cleared.body());
        assertTrue(cleared.json().get("due_date").isNull());
    }

    @Test
    void a_patch_that_changes_nothing_leaves_the_invoice_and_its_updated_at_as_they_were() {
        String booking = "booking-" + UUID.randomUUID();
        JsonNode draft = create(booking, "\"due_date\":\"2026-12-31\"");
        String id = draft.get("id").asText();
        for (String body : List.of("{\"status\":\"draft\"}", "{\"customer_id\":\"guest-" + booking + "\"}",
                "{\"due_date\":\"2026-12-31\"}", "{\"lines\":" + LINES + "}",
                "{\"lines\":" + LINES + ",\"customer_id\":\"guest-" + booking + "\",\"status\":\"draft\"}")) {
            Reply r = patch(id, body);
            assertEquals(200, r.status(), body + " → " + r.body());
            assertEquals(draft, r.json(), body);
            assertEquals(draft, get("/api/v1/invoices/" + id, PAYMENTS_KEY).json(), body);
        }

        Reply paid = patch(invoiceIn("paid"), "{\"status\":\"paid\"}");
        String paidId = paid.json().get("id").asText();
        JsonNode paidBefore = get("/api/v1/invoices/" + paidId, PAYMENTS_KEY).json();
        assertEquals(paidBefore, patch(paidId, "{\"status\":\"paid\"}").json());
        assertEquals(paidBefore, get("/api/v1/invoices/" + paidId, PAYMENTS_KEY).json());

        Reply changed = patch(id, "{\"customer_id\":\"guest-other\"}");
        assertEquals(200, changed.status(), changed.body());
        assertTrue(java.time.Instant.parse(changed.json().get("updated_at").asText())
                .isAfter(java.time.Instant.parse(draft.get("updated_at").asText())), "a real change moves updated_at");
    }

    @Test
    void the_invoice_is_a_printable_page_for_callers_that_prefer_html() {
        Reply created = post("/api/v1/invoices", PAYMENTS_KEY, "{\"booking_id\":\"b-html\",\"customer_id\":\"Ann <ann@example.com> & Co\","
                + "\"currency\":\"jpy\",\"lines\":[{\"description\":\"<script>alert('room')</script>\",\"quantity\":2,"
                + "\"unit_amount\":15000,\"tax_rate_bps\":1000}]}", null);
        assertEquals(201, created.status(), created.body());
        String id = created.json().get("id").asText();
        Reply page = getAccepting("/api/v1/invoices/" + id, "text/html,application/xhtml+xml,*/*;q=0.8");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        String html = page.body();
        assertTrue(html.contains(created.json().get("number").asText()));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;room&#39;)&lt;/script&gt;"), html);
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("Ann &lt;ann@example.com&gt; &amp; Co"));
        assertTrue(html.contains("33,000 JPY"));
        assertTrue(html.contains("@media print"));

        Reply json = getAccepting("/api/v1/invoices/" + id, "*/*");
        assertTrue(json.contentType().startsWith("application/json"), json.contentType());
        assertEquals(id, json.json().get("id").asText());
    }
}
