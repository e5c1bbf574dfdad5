package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/**
 * The storefront's requests (carts paid by card, through hosted Checkout or with credits; credit grants),
 * read strictly: every wrong field is named.
 */
public final class StorefrontRequests {

    /** The one currency the storefront sells in. */
    public static final String CURRENCY = "usd";

    private StorefrontRequests() {
    }

    /** A cart to pay with a PaymentIntent (a custom card form). */
    public record CartPayment(String userId, Cart cart, String currency) implements CartSentToStripe {
        public static final Set<String> FIELDS = Set.of("user_id", "items", "currency");

        /** The intent's amount is the items' total. */
        static final StripeParamNames STRIPE_PARAMS = new StripeParamNames(Map.of("amount", "items", "currency", "currency"));

        public static CartPayment from(JsonNode body) {
            RequestFields f = RequestFields.of(body, FIELDS);
            return new CartPayment(f.requiredString("user_id"), Cart.from(body.get("items"), "items"), storefrontCurrency(f));
        }

        @Override
        public StripeParamNames stripeParams() {
            return STRIPE_PARAMS;
        }
    }

    /** A cart to pay on Stripe's hosted Checkout page; the URLs default to the configured ones. */
    public record CheckoutSession(String userId, Cart cart, String customerEmail, String successUrl, String cancelUrl)
            implements CartSentToStripe {
        public static final Set<String> FIELDS = Set.of("user_id", "items", "customer_email", "success_url", "cancel_url", "currency");

        /** One line item per item; the session's amount is their total. */
        static final StripeParamNames STRIPE_PARAMS = new StripeParamNames(Map.of("amount", "items", "line_items", "items",
                "currency", "currency", "customer_email", "customer_email", "success_url", "success_url",
                "cancel_url", "cancel_url"));

        public static CheckoutSession from(JsonNode body, String defaultSuccessUrl, String defaultCancelUrl) {
            RequestFields f = RequestFields.of(body, FIELDS);
            String userId = f.requiredString("user_id");
            Cart cart = Cart.from(body.get("items"), "items");
            storefrontCurrency(f);
            String email = f.requiredString("customer_email");
            if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw Refusal.unprocessable("customer_email", "customer_email must be an e-mail address");
            }
            return new CheckoutSession(userId, cart, email, successUrlOrDefault(f, defaultSuccessUrl),
                    cancelUrlOrDefault(f, defaultCancelUrl));
        }

        @Override
        public StripeParamNames stripeParams() {
            return STRIPE_PARAMS;
        }
    }

    /** A cart paid with credits: total_credits must be what the items cost in credits. */
    public record CreditsPayment(String userId, Cart cart, long totalCredits) {
        public static final Set<String> FIELDS = Set.of("user_id", "items", "total_credits");

        public static CreditsPayment from(JsonNode body) {
            RequestFields f = RequestFields.of(body, FIELDS);
            String userId = f.requiredString("user_id");
            Cart cart = Cart.from(body.get("items"), "items");
            for (int i = 0; i < cart.items().size(); i++) {
                if (cart.items().get(i).credits() == null) {
                    throw Refusal.unprocessable("items[" + i + "].credits", "items[" + i + "].credits is required to pay with credits");
                }
            }
            JsonNode total = body.get("total_credits");
            if (total == null || total.isNull()) {
                throw Refusal.badRequest("total_credits", "total_credits is required");
            }
            if (!total.isIntegralNumber() || !total.canConvertToLong() || total.longValue() < 1) {
                throw Refusal.unprocessable("total_credits", "total_credits must be a positive integer");
            }
            if (total.longValue() != cart.totalCredits()) {
                throw Refusal.unprocessable("total_credits", "total_credits is " + total.longValue()
                        + " but the items cost " + cart.totalCredits() + " credits").with("expected_credits", cart.totalCredits());
            }
            return new CreditsPayment(userId, cart, cart.totalCredits());
        }
    }

    /** Credits an admin grants a user. */
    public record CreditGrant(long credits, String reason) {
        public static final Set<String> FIELDS = Set.of("credits", "reason");

        public static CreditGrant from(JsonNode body) {
            RequestFields f = RequestFields.of(body, FIELDS);
            JsonNode credits = body.get("credits");
            if (credits == null || credits.isNull()) {
                throw Refusal.badRequest("credits", "credits is required");
            }
            if (!credits.isIntegralNumber() || !credits.canConvertToLong() || credits.longValue() < 1
                    || credits.longValue() > Cart.MAX_CREDITS) {
                throw Refusal.unprocessable("credits", "credits must be an integer from 1 to " + Cart.MAX_CREDITS);
            }
            String reason = f.optionalFreeText("reason");
            if (reason == null) {
                throw Refusal.badRequest("reason", "reason is required");
            }
            return new CreditGrant(credits.longValue(), reason);
        }
    }

    /** A cart whose total reaches Stripe as the amount, computed by payroute: the caller is told which total it was. */
    interface CartSentToStripe extends StripeParamNames.Named {
        Cart cart();

        @Override
        default String computedValue(String stripeParam) {
            return "amount".equals(stripeParam)
                    ? "the total computed from the items (Σ quantity × price_cents = " + cart().totalCents() + " " + CURRENCY + " cents)"
                    : null;
        }
    }

    private static String storefrontCurrency(RequestFields f) {
        String currency = f.optionalString("currency");
        if (currency != null && !CURRENCY.equals(currency)) {
            throw Refusal.unprocessable("currency", "the storefront sells in " + CURRENCY + " only");
        }
        return CURRENCY;
    }

    private static String successUrlOrDefault(RequestFields f, String fallback) {
        String url = RedirectUrls.requireCheckoutSuccess("success_url", f.optionalString("success_url"));
        return url == null ? fallback : url;
    }

    private static String cancelUrlOrDefault(RequestFields f, String fallback) {
        String url = RedirectUrls.require("cancel_url", f.optionalString("cancel_url"));
        return url == null ? fallback : url;
    }
}
