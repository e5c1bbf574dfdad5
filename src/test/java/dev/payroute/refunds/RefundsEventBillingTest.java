package dev.payroute.refunds;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.model.Refund;
import com.stripe.param.RefundCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event billing service's refund endpoints, in its shapes: every documented request key, and every key
 * of the answers with its casing and JSON type; its error envelope; the same refund route underneath.
 */
class RefundsEventBillingTest extends RefundTestSupport {

    private static final List<String> KEYS = List.of("success", "refund_id", "payroute_refund_id", "reference",
            "payment_intent_id", "amount", "currency", "status", "reason", "failure_reason", "metadata", "amount_refunded",
            "created");

    @AfterEach
    void release() {
        standIn.withholdWebhooks("refund.updated", false);
        standIn.withholdWebhooks("charge.refund.updated", false);
    }

    /** Every documented key, in the service's snake_case, with its JSON type. */
    private static void assertShape(JsonNode body) {
        for (String key : KEYS) {
            assertTrue(body.has(key), "key " + key + " in " + body);
        }
        assertEquals(KEYS.size(), body.size(), "no other keys: " + body);
        assertTrue(body.get("success").isBoolean());
        assertTrue(body.get("success").asBoolean());
        assertTrue(body.get("amount").isIntegralNumber(), "amount in cents, an integer");
        assertTrue(body.get("amount_refunded").isIntegralNumber());
        assertTrue(body.get("created").isIntegralNumber(), "created in Unix seconds, like Stripe");
        assertTrue(body.get("currency").isTextual());
        assertTrue(body.get("status").isTextual());
        assertTrue(body.get("metadata").isObject());
        assertTrue(body.get("payroute_refund_id").isTextual());
        assertTrue(body.get("reference").asText().startsWith("REF-"));
        assertTrue(body.get("refund_id").isNull() || body.get("refund_id").asText().startsWith("re_"));
        assertTrue(body.get("payment_intent_id").asText().startsWith("pi_"));
    }

    @Test
    void process_refunds_a_payment_intent_in_the_documented_shape() {
        JsonNode payment = capturedPayment(2000);
        String pi = payment.get("payment_intent_id").asText();
        Reply r = post("/api/refund/process", PAYMENTS_KEY, "{\"payment_intent_id\":\"" + pi + "\",\"amount\":1000,"
                + "\"reason\":\"requested_by_customer\",\"metadata\":{\"refund_reason\":\"Customer request\","
                + "\"requested_by\":\"Support agent\"}}", null);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"));
        JsonNode body = r.json();
        assertShape(body);
        assertEquals("succeeded", body.get("status").asText(), "Stripe's lower-case words");
        assertEquals(1000, body.get("amount").asLong());
        assertEquals("usd", body.get("currency").asText());
        assertEquals(pi, body.get("payment_intent_id").asText());
        assertEquals("requested_by_customer", body.get("reason").asText());
        assertEquals("Customer request", body.at("/metadata/refund_reason").asText());
        assertEquals("Support agent", body.at("/metadata/requested_by").asText());
        assertEquals(1000, body.get("amount_refunded").asLong());
        String stripeId = body.get("refund_id").asText();
        assertEquals(1000, standIn.object(stripeId).orElseThrow().get("amount").asLong());
        assertEquals("event-billing", queryString("SELECT source FROM refunds WHERE stripe_refund_id = ?", stripeId));
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(payment.get("id").asText()));

        Reply rest = post("/api/refund/process", PAYMENTS_KEY, "{\"payment_intent_id\":\"" + pi + "\"}", null);
        assertEquals(200, rest.status(), rest.body());
        assertEquals(1000, rest.json().get("amount").asLong(), "no amount: all that is left");
        assertTrue(rest.json().get("reason").isNull());
        assertEquals(2000, rest.json().get("amount_refunded").asLong());
    }

    @Test
    void get_answers_a_refund_by_stripe_id_our_id_or_reference() {
        JsonNode payment = capturedPayment(1500);
        Reply made = post("/api/refund/process", PAYMENTS_KEY, "{\"payment_intent_id\":\""
                + payment.get("payment_intent_id").asText() + "\",\"amount\":700}", null);
        JsonNode refund = made.json();
        for (String ref : new String[] {refund.get("refund_id").asText(), refund.get("payroute_refund_id").asText(),
                refund.get("reference").asText()}) {
            Reply got = get("/api/refund/" + ref, PAYMENTS_KEY);
            assertEquals(200, got.status(), ref + ": " + got.body());
            assertShape(got.json());
            assertEquals(refund.get("refund_id").asText(), got.json().get("refund_id").asText());
            assertEquals("succeeded", got.json().get("status").asText());
            assertEquals(700, got.json().get("amount").asLong());
        }
    }

    @Test
    void verify_asks_stripe_and_applies_its_answer() throws Exception {
        JsonNode payment = capturedPayment(1500);
        String paymentId = payment.get("id").asText();
        String pi = payment.get("payment_intent_id").asText();
        standIn.withholdWebhooks("refund.updated", true);
        standIn.withholdWebhooks("charge.refund.updated", true);
        Reply pending = post("/api/refund/process", PAYMENTS_KEY, "{\"payment_intent_id\":\"" + pi + "\",\"amount\":500,"
                + "\"metadata\":{\"standin_pending\":\"true\"}}", null);
        assertEquals("pending", pending.json().get("status").asText(), pending.body());
        String stripeId = pending.json().get("refund_id").asText();
        standIn.settleRefund(stripeId, true);

        Reply verified = post("/api/refund/verify", PAYMENTS_KEY, "{\"refund_id\":\"" + stripeId + "\"}", null);
        assertEquals(200, verified.status(), verified.body());
        assertShape(verified.json());
        assertEquals("succeeded", verified.json().get("status").asText());
        assertEquals("SUCCEEDED", queryString("SELECT status FROM refunds WHERE stripe_refund_id = ?", stripeId));
        assertEquals("PARTIALLY_REFUNDED", paymentStatus(paymentId));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE event_type = 'refund.completed' AND payload->>'stripe_refund_id' = ?", stripeId));

        // A refund made in Stripe's dashboard: verify records it as the payment's.
        Refund outside = stripe().v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(pi).setAmount(300L).build());
        Reply recorded = post("/api/refund/verify", PAYMENTS_KEY, "{\"refund_id\":\"" + outside.getId() + "\"}", null);
        assertEquals(200, recorded.status(), recorded.body());
        assertEquals(300, recorded.json().get("amount").asLong());
        assertEquals(paymentId, queryString("SELECT payment_id::text FROM refunds WHERE stripe_refund_id = ?", outside.getId()));
    }

    @Test
    void errors_come_in_the_services_envelope_and_change_nothing() {
        JsonNode payment = capturedPayment(1000);
        String pi = payment.get("payment_intent_id").asText();
        long refunds = count("SELECT count(*) FROM refunds");
        int stripeCalls = standIn.requestCount("POST", "/v1/refunds");

        Reply unknown = post("/api/refund/process", PAYMENTS_KEY, "{\"payment_intent_id\":\"pi_nothing_of_ours\"}", null);
        assertEquals(404, unknown.status(), unknown.body());
        assertLegacyError(unknown.json());
        Reply missing = post("/api/refund/process", PAYMENTS_KEY, "{\"amount\":100}", null);
        assertEquals(400, missing.status());
        assertLegacyError(missing.json());
        assertEquals("payment_intent_id", missing.json().get("field").asText());
        Reply badAmount = post("/api/refund/process", PAYMENTS_KEY, "{\"payment_intent_id\":\"" + pi + "\",\"amount\":-1}", null);
        assertEquals(422, badAmount.status());
        assertEquals("amount", badAmount.json().get("field").asText());
        assertLegacyError(badAmount.json());
        Reply over = post("/api/refund/process", PAYMENTS_KEY, "{\"payment_intent_id\":\"" + pi + "\",\"amount\":1001}", null);
        assertEquals(409, over.status(), over.body());
        assertLegacyError(over.json());
        assertEquals("amount", over.json().get("field").asText());
        assertEquals(1000, over.json().get("amount_refundable").asLong());
        Reply notFound = get("/api/refund/re_nothing_here", PAYMENTS_KEY);
        assertEquals(404, notFound.status());
        assertLegacyError(notFound.json());
        Reply verifyMissing = post("/api/refund/verify", PAYMENTS_KEY, "{}", null);
        assertEquals(400, verifyMissing.status());
        assertEquals("refund_id", verifyMissing.json().get("field").asText());
        assertLegacyError(verifyMissing.json());
        Reply verifyUnknown = post("/api/refund/verify", PAYMENTS_KEY, "{\"refund_id\":\"re_not_at_stripe\"}", null);
        assertEquals(404, verifyUnknown.status(), verifyUnknown.body());
        assertLegacyError(verifyUnknown.json());

        assertEquals(refunds, count("SELECT count(*) FROM refunds"));
        assertEquals(stripeCalls, standIn.requestCount("POST", "/v1/refunds"));
        assertEquals(401, post("/api/refund/process", null, "{\"payment_intent_id\":\"" + pi + "\"}", null).status());
    }

    private static void assertLegacyError(JsonNode body) {
        assertFalse(body.get("success").asBoolean(), body.toString());
        assertTrue(body.get("success").isBoolean());
        assertTrue(body.get("error").isTextual() && !body.get("error").asText().isEmpty(), body.toString());
    }
}
