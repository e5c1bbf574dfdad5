package dev.payroute.domain;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;

/** Validated escrow requests, read from the canonical API, the CampusG HTTP API or its Kafka commands. */
public final class EscrowRequests {

    private EscrowRequests() {
    }

    /** stripeParams: how the request this came from names the values the hold sends to Stripe. */
    public record Authorize(String orderId, String customerId, long amount, String currency, String paymentMethod,
                            String stripeCustomerId, String description, String returnUrl, String payeeId,
                            String externalPaymentId, StripeParamNames stripeParams) implements StripeParamNames.Named {

        /** The request's own name of its custom payment id: CampusG's custpaymentId, else payment_id. */
        public String externalPaymentIdField() {
            return stripeParams == CAMPUSG_AUTHORIZE_PARAMS ? "custpaymentId" : "payment_id";
        }
    }

    /** Stripe's parameters of a hold, named as each shape of authorize request names them. */
    static final StripeParamNames AUTHORIZE_PARAMS = new StripeParamNames(Map.of(
            "amount", "amount", "currency", "currency", "payment_method", "payment_method",
            "customer", "stripe_customer_id", "description", "description", "return_url", "return_url"));
    static final StripeParamNames CAMPUSG_AUTHORIZE_PARAMS = new StripeParamNames(Map.of(
            "amount", "order.amount", "currency", "order.currency",
            "payment_method", "customer.userStripeCard.payment_method_id", "customer", "customer.stripeCustomerId",
            "description", "order.description", "return_url", "return_url"));
    static final StripeParamNames AUTHORIZE_COMMAND_PARAMS = new StripeParamNames(Map.of(
            "amount", "amount", "currency", "currency", "payment_method", "payment_method_id",
            "customer", "stripe_customer_id", "description", "description", "return_url", "return_url"));

    /**
     * payeeField, connectAccountField: the request's own names of payeeId (payee_id, runnerId) and connectAccountId
     * (connect_account_id, runner_connect_account_id).
     */
    public record Release(String payeeId, String connectAccountId, String payeeField, String connectAccountField) {
    }

    public record Revert(String reason) {
    }

    static final Set<String> AUTHORIZE_FIELDS = Set.of("amount", "currency", "customer_id", "payment_method",
            "stripe_customer_id", "payee_id", "description", "return_url", "payment_id");

    public static Authorize authorize(String orderId, JsonNode body) {
        RequestFields f = RequestFields.of(body, AUTHORIZE_FIELDS);
        long amount = f.requiredAmount("amount");
        String currency = f.optionalString("currency");
        currency = currency == null ? "usd" : currency;
        Money.requireCurrency("currency", currency);
        return new Authorize(requireOrderId(orderId), f.requiredString("customer_id"), amount, currency,
                paymentMethod("payment_method", f.requiredString("payment_method")),
                stripeId("stripe_customer_id", f.optionalString("stripe_customer_id"), "cus_"),
                f.optionalFreeText("description"), RedirectUrls.require("return_url", f.optionalString("return_url")),
                f.optionalString("payee_id"), f.optionalString("payment_id"), AUTHORIZE_PARAMS);
    }

    static final Set<String> RELEASE_FIELDS = Set.of("payee_id", "connect_account_id");

    public static Release release(JsonNode body) {
        RequestFields f = RequestFields.of(body, RELEASE_FIELDS);
        return new Release(f.optionalString("payee_id"),
                stripeId("connect_account_id", f.optionalString("connect_account_id"), "acct_"), "payee_id", "connect_account_id");
    }

    public static Revert revert(JsonNode body) {
        RequestFields f = RequestFields.of(body, Set.of("reason"));
        return new Revert(f.optionalFreeText("reason"));
    }

    /**
     * The CampusG guide's authorize body: customer.clerkUserId, customer.stripeCustomerId,
     * customer.userStripeCard.payment_method_id, order.amount (cents), order.description,
     * custpaymentId, return_url. Unknown fields are ignored, as that service did.
     */
    public static Authorize campusGAuthorize(String orderId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Refusal.badRequest(null, "the request body must be a JSON object");
        }
        JsonNode customer = body.path("customer");
        JsonNode order = body.path("order");
        String customerId = text(customer, "clerkUserId", "customer.clerkUserId", true);
        JsonNode amountNode = order.path("amount");
        if (amountNode.isMissingNode() || amountNode.isNull()) {
            throw Refusal.badRequest("order.amount", "order.amount (in cents) is required");
        }
        if (!amountNode.isIntegralNumber() || !amountNode.canConvertToLong()) {
            throw Refusal.unprocessable("order.amount", "order.amount must be an integer number of cents");
        }
        Money.requireAmount("order.amount", amountNode.longValue());
        String currency = text(order, "currency", "order.currency", false);
        currency = currency == null ? "usd" : currency;
        Money.requireCurrency("order.currency", currency);
        String paymentMethod = text(customer.path("userStripeCard"), "payment_method_id",
                "customer.userStripeCard.payment_method_id", true);
        return new Authorize(requireOrderId(orderId), customerId, amountNode.longValue(), currency,
                paymentMethod("customer.userStripeCard.payment_method_id", paymentMethod),
                stripeId("customer.stripeCustomerId", text(customer, "stripeCustomerId", "customer.stripeCustomerId", false), "cus_"),
                freeText(order, "description", "order.description"),
                RedirectUrls.require("return_url", text(body, "return_url", "return_url", false)),
                null, text(body, "custpaymentId", "custpaymentId", false), CAMPUSG_AUTHORIZE_PARAMS);
    }

    /** The CampusG release body: runnerId (guide) or runner_id, optional runner_connect_account_id. */
    public static Release campusGRelease(JsonNode body) {
        JsonNode node = body == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : body;
        String runner = text(node, "runnerId", "runnerId", false);
        if (runner == null) {
            runner = text(node, "runner_id", "runner_id", false);
        }
        return new Release(runner, stripeId("runner_connect_account_id",
                text(node, "runner_connect_account_id", "runner_connect_account_id", false), "acct_"), "runnerId",
                "runner_connect_account_id");
    }

    /** The CampusG revert body: an optional reason. */
    public static Revert campusGRevert(JsonNode body) {
        return new Revert(body == null ? null : freeText(body, "reason", "reason"));
    }

    /** The authorize_payment command: customer_id, payment_method_id, amount (minor units), currency, order_id. */
    public static Authorize authorizeCommand(JsonNode command) {
        // Commands do not come through JsonRequests: the same check, before anything reaches Stripe.
        StorableText.requireStorable(command);
        String orderId = text(command, "order_id", "order_id", true);
        JsonNode amountNode = command.path("amount");
        if (amountNode.isMissingNode() || amountNode.isNull()) {
            throw Refusal.missing("amount", "amount (in minor units, 2098 for 20.98 usd) is required");
        }
        if (amountNode.isFloatingPointNumber()) {
            throw new Refusal(Refusal.Kind.UNPROCESSABLE, "amount-not-integer-minor-units",
                    "amount must be an integer number of minor units (2098 for 20.98 usd), not a decimal", "amount");
        }
        if (!amountNode.isIntegralNumber() || !amountNode.canConvertToLong()) {
            throw Refusal.unprocessable("amount", "amount must be an integer number of minor units");
        }
        Money.requireAmount("amount", amountNode.longValue());
        String currency = text(command, "currency", "currency", false);
        currency = currency == null ? "usd" : currency;
        Money.requireCurrency("currency", currency);
        return new Authorize(requireOrderId(orderId), text(command, "customer_id", "customer_id", true),
                amountNode.longValue(), currency,
                paymentMethod("payment_method_id", text(command, "payment_method_id", "payment_method_id", true)),
                stripeId("stripe_customer_id", text(command, "stripe_customer_id", "stripe_customer_id", false), "cus_"),
                freeText(command, "description", "description"),
                RedirectUrls.require("return_url", text(command, "return_url", "return_url", false)),
                text(command, "runner_id", "runner_id", false), null, AUTHORIZE_COMMAND_PARAMS);
    }

    private static String requireOrderId(String orderId) {
        if (orderId == null || orderId.isBlank() || orderId.length() > 200) {
            throw Refusal.badRequest("order_id", "order_id is required (at most 200 characters)");
        }
        return orderId;
    }

    private static String text(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                throw Refusal.missing(path, path + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank() || value.textValue().length() > 500) {
            throw Refusal.unprocessable(path, path + " must be a non-blank string of at most 500 characters");
        }
        return value.textValue();
    }

    /** Text written by a person: it must not hold a card number. */
    private static String freeText(JsonNode node, String field, String path) {
        return CardNumbers.requireNone(path, text(node, field, path, false));
    }

    static String paymentMethod(String field, String value) {
        if (!value.matches("(pm|card|src|tok)_[A-Za-z0-9_]{1,200}")) {
            throw Refusal.unprocessable(field, field + " must be a Stripe payment method id such as pm_card_visa");
        }
        return value;
    }

    static String stripeId(String field, String value, String prefix) {
        if (value != null && !value.matches(prefix + "[A-Za-z0-9_]{1,250}")) {
            throw Refusal.unprocessable(field, field + " must be a Stripe id starting with " + prefix);
        }
        return value;
    }

}
