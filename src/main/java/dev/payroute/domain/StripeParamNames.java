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

    /**
     * The caller's field behind Stripe's parameter, or null when the caller did not send that value. A parameter
     * inside a hash or list (line_items[0][quantity]) is the caller's field of the hash when there is one.
     */
    public String callerField(String stripeParam) {
        if (stripeParam == null) {
            return null;
        }
        String field = fieldsByParam.get(stripeParam);
        int bracket = stripeParam.indexOf('[');
        return field != null || bracket < 0 ? field : fieldsByParam.get(stripeParam.substring(0, bracket));
    }

    /** A request whose values reach Stripe. */
    public interface Named {
        StripeParamNames stripeParams();

        /**
         * What Stripe's parameter held when it was not the caller's value itself but computed from it (a total
         * computed from items), said for the caller; null when Stripe got the value as sent.
         */
        default String computedValue(String stripeParam) {
            return null;
        }
    }
}
