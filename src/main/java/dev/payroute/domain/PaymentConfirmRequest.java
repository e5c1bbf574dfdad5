package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/** A validated server-side confirmation: the payment method to charge and where 3-D Secure returns to. */
public record PaymentConfirmRequest(String paymentMethod, String returnUrl) implements StripeParamNames.Named {

    public static final StripeParamNames STRIPE_PARAMS = new StripeParamNames(Map.of(
            "payment_method", "payment_method", "return_url", "return_url"));

    public static final Set<String> FIELDS = Set.of("payment_method", "return_url");

    public static PaymentConfirmRequest from(JsonNode body) {
        RequestFields f = RequestFields.of(body, FIELDS);
        String paymentMethod = f.requiredString("payment_method");
        if (!paymentMethod.matches("(pm|card|src|tok)_[A-Za-z0-9_]{1,200}")) {
            throw Refusal.unprocessable("payment_method", "payment_method must be a Stripe payment method id such as pm_card_visa");
        }
        return new PaymentConfirmRequest(paymentMethod, RedirectUrls.require("return_url", f.optionalString("return_url")));
    }

    @Override
    public StripeParamNames stripeParams() {
        return STRIPE_PARAMS;
    }
}
