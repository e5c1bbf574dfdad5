package dev.payroute.domain;

import java.util.Map;

/**
 * How one shape of request names, in its own fields, the values payroute passes on to Stripe: Stripe's
 * parameter name → the caller's field. A refusal Stripe attaches to a parameter is then reported against
 * the field the caller actually sent (payment_method, customer.userStripeCard.payment_method_id, ...).
 */
public record StripeParamNames(Map<String, String> fieldsByParam) {

    public StripeParamNames {
        fieldsByParam = Map.copyOf(fieldsByParam);
    }

    /** The caller's field behind Stripe's parameter, or null when the caller did not send that value. */
    public String callerField(String stripeParam) {
        return stripeParam == null ? null : fieldsByParam.get(stripeParam);
    }

    /** A request whose values reach Stripe. */
    public interface Named {
        StripeParamNames stripeParams();
    }
}
