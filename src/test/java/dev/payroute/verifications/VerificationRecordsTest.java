package dev.payroute.verifications;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payroute.support.RouteTestSupport;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static dev.payroute.support.StripeEvents.event;
import static dev.payroute.support.StripeEvents.idOf;
import static dev.payroute.support.StripeEvents.paymentIntent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event billing service's verification records, in its documented shapes and canonically. */
class VerificationRecordsTest extends RouteTestSupport {

    private JsonNode paidEventPayment(String eventId, String organizerId, long amount, String paymentMethod) {
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":" + amount + ",\"currency\":\"sgd\",\"event_id\":\""
                + eventId + "\",\"organizer_id\":\"" + organizerId + "\",\"user_id\":\"user-" + eventId + "\"}", null);
        assertEquals(201, created.status(), created.body());
        post("/api/v1/payments/" + created.json().get("id").asText() + "/confirm", PAYMENTS_KEY,
                "{\"payment_method\":\"" + paymentMethod + "\"}", null);
        return created.json();
    }

    @Test
    void verify_payment_answers_the_documented_shape() {
        String eventId = "event-" + UUID.randomUUID();
        paidEventPayment(eventId, "org-1", 2000, "pm_card_visa");
        paidEventPayment(eventId, "org-1", 500, "pm_card_chargeDeclined");
        JsonNode second = paidEventPayment(eventId, "org-1", 700, "pm_card_visa");
        paidEventPayment(eventId, "org-2", 999, "pm_card_visa");

        Reply r = get("/api/events/verify-payment?event_id=" + eventId + "&organizer_id=org-1", PAYMENTS_KEY);
        assertEquals(200, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals(List.of("success", "event_id", "is_paid", "total_paid", "currency", "verification_count",
                "successful_payment_count", "latest_payment", "currencies"), fieldNames(body),
                "the documented keys in their order, then currencies");
        assertTrue(body.get("success").isBoolean() && body.get("success").booleanValue());
        assertEquals(eventId, body.get("event_id").textValue());
        assertTrue(body.get("is_paid").booleanValue());
        assertTrue(body.get("total_paid").isIntegralNumber());
        assertEquals(2700, body.get("total_paid").longValue(), "minor units, succeeded payments only");
        assertEquals("sgd", body.get("currency").textValue());
        assertEquals(3, body.get("verification_count").intValue());
        assertEquals(2, body.get("successful_payment_count").intValue());
        assertTrue(body.get("latest_payment").isObject());
        assertEquals(second.get("id").asText(), body.at("/latest_payment/payment_id").asText());

        JsonNode unpaid = get("/api/events/verify-payment?event_id=nothing-" + UUID.randomUUID() + "&organizer_id=org-1", PAYMENTS_KEY).json();
        assertFalse(unpaid.get("is_paid").booleanValue());
        assertEquals(0, unpaid.get("total_paid").longValue());
        assertTrue(unpaid.get("latest_payment").isNull());
    }

    @Test
    void total_paid_is_what_the_events_payments_hold_now_less_refunds_and_never_a_sum_across_currencies() {
        String eventId = "event-" + UUID.randomUUID();
        JsonNode refundedInFull = paidEventPayment(eventId, "org-1", 2000, "pm_card_visa");
        assertEquals(201, post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + refundedInFull.get("id").asText() + "\"}",
                null).status());
        JsonNode verified = get("/api/events/verify-payment?event_id=" + eventId + "&organizer_id=org-1", PAYMENTS_KEY).json();
        assertFalse(verified.get("is_paid").booleanValue(), "all of it went back: " + verified);
        assertEquals(0, verified.get("total_paid").longValue());
        assertEquals(1, verified.get("successful_payment_count").intValue(), "it did succeed");

        JsonNode partly = paidEventPayment(eventId, "org-1", 1500, "pm_card_visa");
        assertEquals(201, post("/api/v1/refunds", PAYMENTS_KEY, "{\"payment_id\":\"" + partly.get("id").asText()
                + "\",\"amount\":400}", null).status());
        verified = get("/api/events/verify-payment?event_id=" + eventId + "&organizer_id=org-1", PAYMENTS_KEY).json();
        assertTrue(verified.get("is_paid").booleanValue());
        assertEquals(1100, verified.get("total_paid").longValue(), verified.toString());
        assertEquals("sgd", verified.get("currency").asText());
        assertEquals(1, verified.get("currencies").size());

        Reply usd = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":900,\"currency\":\"usd\",\"event_id\":\"" + eventId
                + "\",\"organizer_id\":\"org-1\"}", null);
        post("/api/v1/payments/" + usd.json().get("id").asText() + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        verified = get("/api/events/verify-payment?event_id=" + eventId + "&organizer_id=org-1", PAYMENTS_KEY).json();
        assertTrue(verified.get("is_paid").booleanValue());
        assertTrue(verified.get("total_paid").isNull(), "no sum of sgd and usd: " + verified);
        assertTrue(verified.get("currency").isNull());
        assertEquals("sgd", verified.at("/currencies/0/currency").asText());
        assertEquals(1100, verified.at("/currencies/0/total_paid").longValue());
        assertEquals("usd", verified.at("/currencies/1/currency").asText());
        assertEquals(900, verified.at("/currencies/1/total_paid").longValue());
    }

    @Test
    void a_missing_parameter_gets_the_documented_400() {
        for (String query : List.of("", "?event_id=e1", "?organizer_id=o1", "?event_id=&organizer_id=o1")) {
            Reply r = get("/api/events/verify-payment" + query, PAYMENTS_KEY);
            assertEquals(400, r.status(), query);
            assertFalse(r.json().get("success").booleanValue());
            assertEquals("Missing event_id and/or organizer_id parameter", r.json().get("error").asText());
        }
        assertEquals(401, get("/api/events/verify-payment?event_id=e&organizer_id=o", null).status());
    }

    @Test
    void a_payment_seen_by_the_confirm_response_and_by_several_webhooks_counts_once() {
        String eventId = "event-" + UUID.randomUUID();
        JsonNode p = paidEventPayment(eventId, "org-1", 1234, "pm_card_visa");
        String again = event("payment_intent.succeeded", paymentIntent(p.get("payment_intent_id").asText(), "succeeded", 1234));
        postWebhook(again);
        awaitWebhookDone(idOf(again));
        assertEquals(1, count("SELECT count(*) FROM verification_records WHERE payment_id = ?", UUID.fromString(p.get("id").asText())));
        String source = queryString("SELECT source FROM verification_records WHERE payment_id = ?", UUID.fromString(p.get("id").asText()));
        assertTrue(source.equals("api") || source.startsWith("webhook:"), "whoever saw it first: " + source);
    }

    @Test
    void records_are_listed_with_filters_and_pages_and_read_one_by_one() {
        String eventId = "event-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            paidEventPayment(eventId, "org-list", 100 + i, "pm_card_visa");
        }
        JsonNode page1 = get("/api/v1/verifications?event_id=" + eventId + "&page_size=2", PAYMENTS_KEY).json();
        assertEquals(3, page1.get("total").asInt());
        assertEquals(2, page1.get("items").size());
        assertEquals(1, page1.get("page").asInt());
        assertEquals(2, page1.get("page_size").asInt());
        JsonNode page2 = get("/api/v1/verifications?event_id=" + eventId + "&page_size=2&page=2", PAYMENTS_KEY).json();
        assertEquals(1, page2.get("items").size());
        JsonNode first = page1.get("items").get(0);
        assertEquals(1, get("/api/v1/verifications?payment_id=" + first.get("payment_id").asText(), PAYMENTS_KEY).json().get("total").asInt());
        assertEquals(3, get("/api/v1/verifications?user_id=user-" + eventId + "&organizer_id=org-list", PAYMENTS_KEY).json().get("total").asInt());
        assertEquals(0, get("/api/v1/verifications?organizer_id=nobody-" + UUID.randomUUID(), PAYMENTS_KEY).json().get("total").asInt());
        Reply one = get("/api/v1/verifications/" + first.get("id").asText(), PAYMENTS_KEY);
        assertEquals(200, one.status());
        assertEquals(first, one.json());
        assertEquals(404, get("/api/v1/verifications/" + UUID.randomUUID(), PAYMENTS_KEY).status());
        assertEquals(400, get("/api/v1/verifications?page_size=1000", PAYMENTS_KEY).status());

        JsonNode compat = get("/api/webhook/payment-verifications/api?event_id=" + eventId + "&page=1&page_size=50", PAYMENTS_KEY).json();
        assertTrue(compat.get("success").booleanValue());
        assertEquals(3, compat.get("verifications").size());
        assertEquals(3, compat.get("total").asInt());

        Reply html = get("/api/webhook/payment-verifications?event_id=" + eventId, PAYMENTS_KEY);
        assertEquals(200, html.status());
        assertTrue(html.contentType().startsWith("text/html"));
        assertTrue(html.body().contains("<table>") && html.body().contains(eventId));
    }

    @Test
    void the_html_list_escapes_what_callers_wrote() {
        String hostile = "<script>alert(1)</script>";
        Reply created = post("/api/v1/payments", PAYMENTS_KEY, "{\"amount\":100,\"currency\":\"usd\",\"event_id\":\"" + hostile
                + "\",\"organizer_id\":\"o\"}", null);
        post("/api/v1/payments/" + created.json().get("id").asText() + "/confirm", PAYMENTS_KEY, "{\"payment_method\":\"pm_card_visa\"}", null);
        Reply html = get("/api/webhook/payment-verifications?event_id=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8), PAYMENTS_KEY);
        assertFalse(html.body().contains("<script>"));
        assertTrue(html.body().contains("&lt;script&gt;"));
    }

    @Test
    void archived_record_files_are_served_by_their_exact_name_and_nothing_else_is() throws Exception {
        JsonNode p = paidEventPayment("event-" + UUID.randomUUID(), "org-1", 4200, "pm_card_visa");
        String recordId = queryString("SELECT id::text FROM verification_records WHERE payment_id = ?", UUID.fromString(p.get("id").asText()));
        Path archive = Path.of("target/verification-archive");
        Path file = archive.resolve("verification_" + recordId + ".json");
        await("the record is archived", () -> Files.exists(file));
        Reply r = get("/api/webhook/view-verification?file=verification_" + recordId + ".json", PAYMENTS_KEY);
        assertEquals(200, r.status(), r.body());
        assertEquals(recordId, r.json().get("id").asText());
        assertEquals(4200, r.json().get("amount").asLong());

        Files.writeString(archive.resolve("secrets.txt"), "not a record");
        Files.createDirectories(archive.resolve("sub"));
        String linked = "verification_" + UUID.randomUUID() + ".json";
        Files.deleteIfExists(archive.resolve(linked));
        Files.createSymbolicLink(archive.resolve(linked), Path.of("/etc/passwd"));
        for (String name : List.of("../../pom.xml", "secrets.txt", "/etc/passwd", "..%2F..%2Fpom.xml", "verification_x.json",
                "sub/verification_" + recordId + ".json", linked, "verification_" + UUID.randomUUID() + ".json", "")) {
            Reply refused = get("/api/webhook/view-verification?file=" + URLEncoder.encode(name, StandardCharsets.UTF_8), PAYMENTS_KEY);
            assertEquals(404, refused.status(), name);
            assertFalse(refused.body().contains("root:"), name);
            assertFalse(refused.json().get("success").booleanValue());
        }
        assertEquals(404, get("/api/webhook/view-verification", PAYMENTS_KEY).status());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
