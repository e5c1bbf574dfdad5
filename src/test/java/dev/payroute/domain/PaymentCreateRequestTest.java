package dev.payroute.domain;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PaymentCreateRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PaymentCreateRequest parse(String json) throws Exception {
        return PaymentCreateRequest.from(JSON.readTree(json));
    }

    private static Refusal refused(String json) {
        return assertThrows(Refusal.class, () -> parse(json));
    }

    @Test
    void a_full_request_is_read() throws Exception {
        PaymentCreateRequest r = parse("{\"amount\":2098,\"currency\":\"usd\",\"description\":\"d\",\"order_id\":\"o1\","
                + "\"booking_id\":\"b1\",\"user_id\":\"u1\",\"guest_id\":\"g1\",\"event_id\":\"e1\",\"organizer_id\":\"org1\","
                + "\"payee_id\":\"p1\",\"metadata\":{\"k\":\"v\"}}");
        assertEquals(2098, r.amount());
        assertEquals("usd", r.currency());
        assertEquals("o1", r.orderId());
        assertEquals("org1", r.organizerId());
        assertEquals("v", r.metadata().get("k"));
    }

    @Test
    void each_bad_field_is_named() {
        assertEquals("amount", refused("{\"currency\":\"usd\"}").field());
        assertEquals(Refusal.Kind.INVALID, refused("{\"currency\":\"usd\"}").kind());
        assertEquals("amount", refused("{\"amount\":0,\"currency\":\"usd\"}").field());
        assertEquals("amount", refused("{\"amount\":-1,\"currency\":\"usd\"}").field());
        assertEquals("amount", refused("{\"amount\":100000000,\"currency\":\"usd\"}").field());
        assertEquals("amount", refused("{\"amount\":20.98,\"currency\":\"usd\"}").field());
        assertEquals("amount", refused("{\"amount\":\"2098\",\"currency\":\"usd\"}").field());
        assertEquals("amount", refused("{\"amount\":99999999999999999999999,\"currency\":\"usd\"}").field());
        assertEquals("currency", refused("{\"amount\":100}").field());
        assertEquals("currency", refused("{\"amount\":100,\"currency\":\"zzz\"}").field());
        assertEquals("currency", refused("{\"amount\":100,\"currency\":\"USD\"}").field());
        assertEquals("order_id", refused("{\"amount\":100,\"currency\":\"usd\",\"order_id\":5}").field());
        assertEquals("metadata.k", refused("{\"amount\":100,\"currency\":\"usd\",\"metadata\":{\"k\":1}}").field());
        assertEquals("metadata", refused("{\"amount\":100,\"currency\":\"usd\",\"metadata\":[]}").field());
    }

    @Test
    void unknown_fields_are_a_400_naming_the_field() {
        Refusal p = refused("{\"amount\":100,\"currency\":\"usd\",\"amout\":5}");
        assertEquals(Refusal.Kind.INVALID, p.kind());
        assertEquals("amout", p.field());
    }

    @Test
    void a_body_that_is_not_an_object_is_refused() {
        assertEquals(Refusal.Kind.INVALID, refused("[1,2]").kind());
        assertEquals(Refusal.Kind.INVALID, refused("\"text\"").kind());
    }

    @Test
    void a_card_number_in_free_text_is_a_422_naming_the_field() {
        Refusal description = refused("{\"amount\":100,\"currency\":\"usd\",\"description\":\"card 4242 4242 4242 4242\"}");
        assertEquals(Refusal.Kind.UNPROCESSABLE, description.kind());
        assertEquals("description", description.field());
        Refusal metadata = refused("{\"amount\":100,\"currency\":\"usd\",\"metadata\":{\"note\":\"4000-0566-5566-5556\"}}");
        assertEquals(Refusal.Kind.UNPROCESSABLE, metadata.kind());
        assertEquals("metadata.note", metadata.field());
    }

    @Test
    void stripe_parameters_are_named_by_this_request_s_fields() {
        assertEquals("amount", PaymentCreateRequest.STRIPE_PARAMS.callerField("amount"));
        assertEquals("currency", PaymentCreateRequest.STRIPE_PARAMS.callerField("currency"));
        assertEquals("description", PaymentCreateRequest.STRIPE_PARAMS.callerField("description"));
        assertEquals(null, PaymentCreateRequest.STRIPE_PARAMS.callerField("payment_intent"));
        assertEquals(null, PaymentCreateRequest.STRIPE_PARAMS.callerField(null));
        assertEquals("payment_method", PaymentConfirmRequest.STRIPE_PARAMS.callerField("payment_method"));
        assertEquals("return_url", PaymentConfirmRequest.STRIPE_PARAMS.callerField("return_url"));
    }
}
