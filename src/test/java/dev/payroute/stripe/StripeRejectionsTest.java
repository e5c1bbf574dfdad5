package dev.payroute.stripe;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import dev.payroute.domain.PaymentConfirmRequest;
import dev.payroute.domain.PaymentCreateRequest;
import dev.payroute.domain.StorefrontRequests;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StripeRejectionsTest {

    private static GatewayException.Rejected rejected(String param, String code) {
        return assertInstanceOf(GatewayException.Rejected.class, StripePaymentGateway.classify(
                new InvalidRequestException("No such thing: 'x_4242'", param, "req_1", code, 400, null)));
    }

    private static final PaymentCreateRequest CREATE = new PaymentCreateRequest(100, "usd", null, "o1", null, null, null,
            null, null, null, Map.of());

    @Test
    void an_invalid_request_carries_stripe_s_param_and_code_but_blames_no_field_yet() {
        GatewayException.Rejected r = rejected("payment_method", "resource_missing");
        assertEquals("payment_method", r.param());
        assertEquals("resource_missing", r.code());
        assertEquals(400, r.providerStatus());
        assertNull(r.field());
        assertNull(r.reason());
    }

    @Test
    void the_request_on_its_way_names_the_field_and_the_reason() {
        Object confirm = new PaymentConfirmRequest("pm_nobody", null);
        GatewayException.Rejected named = assertInstanceOf(GatewayException.Rejected.class,
                StripeRejections.named(rejected("payment_method", "resource_missing"), List.of("unrelated", confirm)));
        assertEquals("payment_method", named.field());
        assertEquals("invalid_payment_method", named.reason());
        assertEquals("resource_missing", named.code());
        assertFalse(named.getMessage().contains("4242"), "Stripe's message may echo what the caller sent");

        assertEquals("invalid_currency", ((GatewayException.Rejected) StripeRejections.named(
                rejected("currency", null), List.of(CREATE))).reason());
        GatewayException.Rejected amount = (GatewayException.Rejected) StripeRejections.named(
                rejected("amount", "amount_too_small"), List.of(CREATE));
        assertEquals("amount", amount.field());
        assertEquals("invalid_amount", amount.reason());
    }

    @Test
    void a_storefront_cart_is_blamed_for_the_total_stripe_refused_and_says_it_was_computed_from_the_items() throws Exception {
        com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"user_id\":\"u1\",\"customer_email\":\"a@b..com\","
                        + "\"items\":[{\"book_id\":\"b1\",\"quantity\":7,\"price_cents\":7}]}");
        Object cart = StorefrontRequests.CartPayment.from(((com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy())
                .without("customer_email"));
        GatewayException.Rejected amount = (GatewayException.Rejected) StripeRejections.named(
                rejected("amount", "amount_too_small"), List.of(cart));
        assertEquals("items", amount.field());
        assertEquals("invalid_amount", amount.reason());
        assertEquals("items: the total computed from the items (Σ quantity × price_cents = 49 usd cents) was refused by the"
                + " payment provider (amount_too_small)", amount.getMessage());

        Object session = StorefrontRequests.CheckoutSession.from(body, "https://shop.example/ok", "https://shop.example/no");
        // A Checkout Session's total names no parameter at Stripe: amount_too_small is about the amount all the same.
        GatewayException.Rejected total = (GatewayException.Rejected) StripeRejections.named(
                rejected(null, "amount_too_small"), List.of(session));
        assertEquals("items", total.field());
        assertEquals("invalid_amount", total.reason());
        for (String param : List.of("customer_email", "success_url", "cancel_url")) {
            assertEquals(param, ((GatewayException.Rejected) StripeRejections.named(rejected(param, "x"), List.of(session))).field());
        }
        assertEquals("customer_email was refused by the payment provider (email_invalid)", ((GatewayException.Rejected)
                StripeRejections.named(rejected("customer_email", "email_invalid"), List.of(session))).getMessage());
        assertEquals("items", ((GatewayException.Rejected) StripeRejections.named(
                rejected("line_items[0][price_data][unit_amount]", "x"), List.of(session))).field());
        assertNull(((GatewayException.Rejected) StripeRejections.named(rejected("mode", "x"), List.of(session))).field());
    }

    @Test
    void a_rejection_that_is_not_about_a_caller_s_field_stays_as_it_was() {
        GatewayException.Rejected ours = rejected("payment_intent", "resource_missing");
        assertSame(ours, StripeRejections.named(ours, List.of(CREATE)));
        GatewayException.Rejected noRequest = rejected("currency", null);
        assertSame(noRequest, StripeRejections.named(noRequest, List.of("no request here")));
        IllegalStateException other = new IllegalStateException("x");
        assertSame(other, StripeRejections.named(other, List.of(CREATE)));
    }

    @Test
    void authentication_and_idempotency_errors_are_never_the_caller_s() {
        GatewayException auth = StripePaymentGateway.classify(
                new AuthenticationException("Invalid API Key", "req_1", null, 401));
        assertTrue(auth instanceof GatewayException.Rejected r && r.param() == null);
        GatewayException idempotency = StripePaymentGateway.classify(
                new IdempotencyException("Keys for idempotent requests", "req_1", null, 400));
        assertTrue(idempotency instanceof GatewayException.Rejected r && r.param() == null);
    }
}
