package dev.payroute.stripe.standin;

import static dev.payroute.stripe.standin.ParamSpec.bool;
import static dev.payroute.stripe.standin.ParamSpec.currency;
import static dev.payroute.stripe.standin.ParamSpec.email;
import static dev.payroute.stripe.standin.ParamSpec.expand;
import static dev.payroute.stripe.standin.ParamSpec.integer;
import static dev.payroute.stripe.standin.ParamSpec.list;
import static dev.payroute.stripe.standin.ParamSpec.metadata;
import static dev.payroute.stripe.standin.ParamSpec.object;
import static dev.payroute.stripe.standin.ParamSpec.objects;
import static dev.payroute.stripe.standin.ParamSpec.oneOf;
import static dev.payroute.stripe.standin.ParamSpec.range;
import static dev.payroute.stripe.standin.ParamSpec.retrieve;
import static dev.payroute.stripe.standin.ParamSpec.string;
import static dev.payroute.stripe.standin.ParamSpec.strings;
import static dev.payroute.stripe.standin.ParamSpec.unsupported;
import static dev.payroute.stripe.standin.ParamSpec.url;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one list of what each endpoint accepts, written from Stripe's API reference for the pinned
 * version (2026-07-29.dahlia). Every name Stripe knows at a level is declared there: with its type
 * when the stand-in models it, as {@code unsupported} when it does not. The router refuses to
 * register an endpoint missing from this table, the request check reads it, and the contract test
 * holds it against stripe-java's request classes for the same version, name for name.
 */
final class EndpointParams {
  private static final Map<String, ParamSpec> TABLE = new LinkedHashMap<>();

  // Names Stripe knows that the stand-in does not model (long lists, declared before the tables use them).
  /** Payment method types other than card: Stripe takes them, the stand-in models cards only. */
  private static final String[] OTHER_PAYMENT_METHOD_TYPES = {
      "acss_debit", "affirm", "afterpay_clearpay", "alipay", "alma", "amazon_pay", "au_becs_debit",
      "bacs_debit", "bancontact", "billie", "bizum", "blik", "boleto", "cashapp", "crypto", "custom",
      "customer_balance", "eps", "fpx", "giropay", "grabpay", "ideal", "kakao_pay", "klarna", "konbini",
      "kr_card", "link", "mb_way", "mobilepay", "multibanco", "naver_pay", "nz_bank_account", "oxxo", "p24",
      "pay_by_bank", "payco", "paynow", "paypal", "payto", "pix", "promptpay", "revolut_pay", "samsung_pay",
      "satispay", "scalapay", "sepa_debit", "sofort", "sunbit", "swish", "twint", "upi", "us_bank_account",
      "wechat_pay", "zip"
  };
  /** What a PaymentMethod create knows besides {@code type}, {@code card}, {@code customer}, {@code payment_method}. */
  private static final String[] PAYMENT_METHOD_CREATE_OTHERS = {
      "acss_debit", "affirm", "afterpay_clearpay", "alipay", "allow_redisplay", "alma", "amazon_pay",
      "au_becs_debit", "bacs_debit", "bancontact", "billie", "billing_details", "bizum", "blik", "boleto",
      "cashapp", "crypto", "custom", "customer_balance", "eps", "fpx", "giropay", "grabpay", "ideal",
      "interac_present", "kakao_pay", "klarna", "konbini", "kr_card", "link", "mb_way", "mobilepay",
      "multibanco", "naver_pay", "nz_bank_account", "oxxo", "p24", "pay_by_bank", "payco", "paynow", "paypal",
      "payto", "pix", "promptpay", "radar_options", "revolut_pay", "samsung_pay", "satispay", "scalapay",
      "sepa_debit", "sofort", "sunbit", "swish", "twint", "upi", "us_bank_account", "wechat_pay", "zip"
  };
  /** Checkout Session create parameters the stand-in does not model. */
  private static final String[] CHECKOUT_CREATE_OTHERS = {
      "adaptive_pricing", "after_expiration", "allow_promotion_codes", "automatic_tax",
      "billing_address_collection", "branding_settings", "consent_collection", "currency", "custom_fields",
      "custom_text", "customer_account", "customer_creation", "customer_update", "discounts",
      "excluded_payment_method_types", "integration_identifier", "invoice_creation", "locale",
      "managed_payments", "name_collection", "optional_items", "origin_context", "payment_method_collection",
      "payment_method_configuration", "payment_method_data", "payment_method_options", "permissions",
      "phone_number_collection", "saved_payment_method_options",
      "setup_intent_data", "shipping_address_collection", "shipping_options", "submit_type",
      "subscription_data", "tax_id_collection", "wallet_options"
  };
  /** Capabilities other than card_payments and transfers. */
  private static final String[] CAPABILITIES_OTHERS = {
      "acss_debit_payments", "affirm_payments", "afterpay_clearpay_payments", "alma_payments",
      "amazon_pay_payments", "app_distribution", "au_becs_debit_payments", "bacs_debit_payments",
      "bancontact_payments", "bank_transfer_payments", "billie_payments", "bizum_payments", "blik_payments",
      "boleto_payments", "card_issuing", "cartes_bancaires_payments", "cashapp_payments", "crypto_payments",
      "eps_payments", "fpx_payments", "gb_bank_transfer_payments", "giropay_payments", "grabpay_payments",
      "ideal_payments", "india_international_payments", "jcb_payments", "jp_bank_transfer_payments",
      "kakao_pay_payments", "klarna_payments", "konbini_payments", "kr_card_payments", "legacy_payments",
      "link_payments", "mb_way_payments", "mobilepay_payments", "multibanco_payments",
      "mx_bank_transfer_payments", "naver_pay_payments", "nz_bank_account_becs_debit_payments",
      "oxxo_payments", "p24_payments", "pay_by_bank_payments", "payco_payments", "paynow_payments",
      "payto_payments", "pix_payments", "promptpay_payments", "revolut_pay_payments", "samsung_pay_payments",
      "satispay_payments", "scalapay_payments", "sepa_bank_transfer_payments", "sepa_debit_payments",
      "sofort_payments", "sunbit_payments", "swish_payments", "tax_reporting_us_1099_k",
      "tax_reporting_us_1099_misc", "treasury", "twint_payments", "upi_payments",
      "us_bank_account_ach_payments", "us_bank_transfer_payments", "zip_payments"
  };
  private static final String[] ACCOUNT_CREATE_OTHERS = {
      "account_token", "business_profile", "company", "controller", "default_currency", "documents",
      "external_account", "groups", "individual", "settings", "tos_acceptance"
  };
  private static final String[] ACCOUNT_UPDATE_OTHERS = {
      "account_token", "business_profile", "business_type", "capabilities", "company", "default_currency",
      "documents", "external_account", "groups", "individual", "settings", "tos_acceptance"
  };

  private EndpointParams() {}

  /** The parameters of {@code method} on the route template, e.g. {@code POST /v1/payment_intents/{id}}. */
  static Optional<ParamSpec> of(String method, String template) {
    return Optional.ofNullable(TABLE.get(key(method, template)));
  }

  /** Every declared endpoint ({@code "POST /v1/refunds"}) with its parameters. */
  static Map<String, ParamSpec> all() {
    return Collections.unmodifiableMap(TABLE);
  }

  private static String key(String method, String template) {
    return method + " " + template;
  }

  private static void declare(String method, String template, ParamSpec spec) {
    if (TABLE.put(key(method, template), spec) != null) {
      throw new IllegalStateException("endpoint declared twice: " + key(method, template));
    }
  }

  static {
    paymentIntents();
    customers();
    paymentMethods();
    charges();
    refunds();
    checkoutSessions();
    accounts();
    transfers();
    disputes();
    events();
    searches();
    declare("GET", "/v1/balance", retrieve());
  }

  private static void paymentIntents() {
    ParamSpec transferData = ParamSpec.of(
        string("destination"), unsupported("amount", "description", "metadata", "payment_data"));
    declare("POST", "/v1/payment_intents", ParamSpec.of(
        integer("amount"),
        object("automatic_payment_methods", oneOf("allow_redirects", "always", "never"), bool("enabled")),
        oneOf("capture_method", "automatic", "automatic_async", "manual"),
        bool("confirm"),
        oneOf("confirmation_method", "automatic", "manual"),
        currency("currency"),
        string("customer"),
        string("description"),
        expand(),
        metadata(),
        oneOf("off_session", "one_off", "recurring", "true", "false"),
        string("payment_method"),
        strings("payment_method_types"),
        email("receipt_email"),
        url("return_url"),
        oneOf("setup_future_usage", "off_session", "on_session"),
        string("statement_descriptor"),
        string("statement_descriptor_suffix"),
        object("transfer_data", transferData.params().toArray()),
        string("transfer_group"),
        unsupported(
            "allowed_payment_method_types", "amount_details", "application_fee_amount", "confirmation_token",
            "customer_account", "error_on_requires_action", "excluded_payment_method_types", "hooks", "mandate",
            "mandate_data", "on_behalf_of", "payment_details", "payment_method_configuration", "payment_method_data",
            "payment_method_options", "radar_options", "shipping", "use_stripe_sdk")));
    declare("GET", "/v1/payment_intents", list(range("created"), string("customer"), unsupported("customer_account")));
    declare("GET", "/v1/payment_intents/{id}", retrieve().plus(unsupported("client_secret")));
    declare("POST", "/v1/payment_intents/{id}", ParamSpec.of(
        integer("amount"),
        oneOf("capture_method", "automatic", "automatic_async", "manual"),
        currency("currency"),
        string("customer"),
        string("description"),
        expand(),
        metadata(),
        string("payment_method"),
        email("receipt_email"),
        string("statement_descriptor"),
        string("transfer_group"),
        unsupported(
            "allowed_payment_method_types", "amount_details", "application_fee_amount", "customer_account",
            "excluded_payment_method_types", "hooks", "payment_details", "payment_method_configuration",
            "payment_method_data", "payment_method_options", "payment_method_types", "setup_future_usage",
            "shipping", "statement_descriptor_suffix", "transfer_data")));
    declare("POST", "/v1/payment_intents/{id}/confirm", ParamSpec.of(
        expand(),
        oneOf("off_session", "one_off", "recurring", "true", "false"),
        string("payment_method"),
        email("receipt_email"),
        url("return_url"),
        unsupported(
            "allowed_payment_method_types", "amount_details", "amount_to_confirm", "capture_method",
            "confirmation_token", "error_on_requires_action", "excluded_payment_method_types", "hooks", "mandate",
            "mandate_data", "payment_details", "payment_method_data", "payment_method_options", "payment_method_types",
            "radar_options",
            "setup_future_usage", "shipping", "use_stripe_sdk")));
    declare("POST", "/v1/payment_intents/{id}/capture", ParamSpec.of(
        integer("amount_to_capture"),
        expand(),
        metadata(),
        unsupported(
            "amount_details", "application_fee_amount", "final_capture", "hooks", "payment_details",
            "statement_descriptor", "statement_descriptor_suffix", "transfer_data")));
    declare("POST", "/v1/payment_intents/{id}/cancel", ParamSpec.of(
        oneOf("cancellation_reason", "abandoned", "duplicate", "fraudulent", "requested_by_customer"),
        expand()));
  }


  private static void customers() {
    ParamSpec fields = ParamSpec.of(
        string("description"), email("email"), expand(), metadata(), string("name"), string("phone"));
    declare("POST", "/v1/customers", fields.plus(unsupported(
        "address", "balance", "business_name", "cash_balance", "individual_name", "invoice_prefix",
        "invoice_settings", "next_invoice_sequence", "payment_method", "preferred_locales", "shipping", "source",
        "tax", "tax_exempt", "tax_id_data", "test_clock", "validate")));
    declare("GET", "/v1/customers", list(range("created"), email("email"), unsupported("test_clock")));
    declare("GET", "/v1/customers/{id}", retrieve());
    declare("POST", "/v1/customers/{id}", fields.plus(unsupported(
        "address", "balance", "business_name", "cash_balance", "default_source", "individual_name",
        "invoice_prefix", "invoice_settings", "next_invoice_sequence", "preferred_locales", "shipping", "source",
        "tax", "tax_exempt", "validate")));
    declare("DELETE", "/v1/customers/{id}", ParamSpec.of());
  }

  private static void paymentMethods() {
    // Card PaymentMethods made from a test card number; Stripe's payment_method_data has no card, so that is refused.
    declare("POST", "/v1/payment_methods", ParamSpec.of(
        object("card", string("cvc"), integer("exp_month"), integer("exp_year"), string("number"),
            unsupported("networks", "token")),
        expand(),
        metadata(),
        oneOf("type", "card").orNotModelled(OTHER_PAYMENT_METHOD_TYPES),
        unsupported("customer", "payment_method"),
        unsupported(PAYMENT_METHOD_CREATE_OTHERS)));
    declare("GET", "/v1/payment_methods/{id}", retrieve());
    declare("POST", "/v1/payment_methods/{id}", ParamSpec.of(
        expand(), metadata(), unsupported("allow_redisplay", "billing_details", "card", "payto", "us_bank_account")));
    declare("POST", "/v1/payment_methods/{id}/attach", ParamSpec.of(
        string("customer"), expand(), unsupported("customer_account")));
    declare("POST", "/v1/payment_methods/{id}/detach", ParamSpec.of(expand()));
    // A filter by a type the stand-in never makes is answered truthfully: nothing has that type.
    ParamSpec listFilters = ParamSpec.of(
        oneOf("allow_redisplay", "always", "limited", "unspecified"), oneOf("type", allPaymentMethodTypes()));
    declare("GET", "/v1/payment_methods", list(string("customer"), unsupported("customer_account"))
        .plus(listFilters.params().toArray()));
    declare("GET", "/v1/customers/{customer}/payment_methods", list(listFilters.params().toArray()));
    declare("GET", "/v1/customers/{customer}/payment_methods/{payment_method}", retrieve());
  }

  private static String[] allPaymentMethodTypes() {
    String[] all = new String[OTHER_PAYMENT_METHOD_TYPES.length + 1];
    all[0] = "card";
    System.arraycopy(OTHER_PAYMENT_METHOD_TYPES, 0, all, 1, OTHER_PAYMENT_METHOD_TYPES.length);
    return all;
  }

  private static void charges() {
    declare("GET", "/v1/charges", list(
        range("created"), string("customer"), string("payment_intent"), unsupported("transfer_group")));
    declare("GET", "/v1/charges/{id}", retrieve());
    declare("POST", "/v1/charges/{id}", ParamSpec.of(
        string("description"), expand(), metadata(), email("receipt_email"),
        unsupported("customer", "fraud_details", "shipping", "transfer_group")));
  }

  private static void refunds() {
    declare("POST", "/v1/refunds", ParamSpec.of(
        integer("amount"), string("charge"), expand(), metadata(), string("payment_intent"),
        oneOf("reason", "duplicate", "fraudulent", "requested_by_customer"),
        unsupported("currency", "customer", "instructions_email", "origin", "refund_application_fee",
            "reverse_transfer")));
    declare("GET", "/v1/refunds", list(range("created"), string("charge"), string("payment_intent")));
    declare("GET", "/v1/refunds/{id}", retrieve());
    declare("POST", "/v1/refunds/{id}", ParamSpec.of(expand(), metadata()));
    declare("GET", "/v1/charges/{id}/refunds", list());
  }

  private static void checkoutSessions() {
    ParamSpec productData = ParamSpec.of(
        string("description"), metadata(), string("name"), unsupported("images", "tax_code", "unit_label"));
    ParamSpec priceData = ParamSpec.of(
        currency("currency"),
        object("product_data", productData.params().toArray()),
        oneOf("tax_behavior", "exclusive", "inclusive", "unspecified"),
        integer("unit_amount"),
        unsupported("product", "recurring", "unit_amount_decimal"));
    ParamSpec intentData = ParamSpec.of(
        oneOf("capture_method", "automatic", "automatic_async", "manual"),
        string("description"),
        metadata(),
        email("receipt_email"),
        oneOf("setup_future_usage", "off_session", "on_session"),
        string("statement_descriptor"),
        string("statement_descriptor_suffix"),
        object("transfer_data", string("destination"), unsupported("amount")),
        string("transfer_group"),
        unsupported("application_fee_amount", "on_behalf_of", "shipping"));
    declare("POST", "/v1/checkout/sessions", ParamSpec.of(
        url("cancel_url"),
        string("client_reference_id"),
        string("customer"),
        email("customer_email"),
        expand(),
        integer("expires_at"),
        objects("line_items",
            metadata(),
            string("price"),
            object("price_data", priceData.params().toArray()),
            integer("quantity"),
            unsupported("adjustable_quantity", "tax_rates")),
        metadata(),
        oneOf("mode", "payment", "setup", "subscription"),
        object("payment_intent_data", intentData.params().toArray()),
        strings("payment_method_types"),
        url("success_url"),
        oneOf("redirect_on_completion", "always", "if_required", "never"),
        url("return_url"),
        // dahlia (2026-03-25) renamed hosted, embedded and custom to these and refuses the old values
        // (https://docs.stripe.com/changelog/dahlia/2026-03-25/updates-available-checkout-session-ui-modes).
        oneOf("ui_mode", "elements", "embedded_page", "hosted_page").orNotModelled("form"),
        unsupported(CHECKOUT_CREATE_OTHERS)));
    declare("GET", "/v1/checkout/sessions", list(
        range("created"), string("customer"), string("payment_intent"), oneOf("status", "complete", "expired", "open"),
        unsupported("customer_account", "customer_details", "payment_link", "subscription")));
    declare("GET", "/v1/checkout/sessions/{id}", retrieve());
    declare("POST", "/v1/checkout/sessions/{id}", ParamSpec.of(
        expand(), metadata(), unsupported("collected_information", "line_items", "shipping_options")));
    declare("POST", "/v1/checkout/sessions/{id}/expire", ParamSpec.of(expand()));
    declare("GET", "/v1/checkout/sessions/{id}/line_items", list());
  }


  private static void accounts() {
    declare("POST", "/v1/accounts", ParamSpec.of(
        oneOf("business_type", "company", "government_entity", "individual", "non_profit"),
        object("capabilities", capabilities()),
        string("country"),
        email("email"),
        expand(),
        metadata(),
        oneOf("type", "custom", "express", "standard"),
        unsupported(ACCOUNT_CREATE_OTHERS)));
    declare("GET", "/v1/accounts", list(range("created")));
    declare("GET", "/v1/account", retrieve());
    declare("GET", "/v1/accounts/{id}", retrieve());
    declare("POST", "/v1/accounts/{id}", ParamSpec.of(
        email("email"), expand(), metadata(), unsupported(ACCOUNT_UPDATE_OTHERS)));
    declare("DELETE", "/v1/accounts/{id}", ParamSpec.of());
  }

  /** Capabilities the stand-in models ({@code card_payments}, {@code transfers}); the rest are refused. */
  private static Object[] capabilities() {
    return new Object[] {
      object("card_payments", bool("requested")),
      object("transfers", bool("requested")),
      unsupported(CAPABILITIES_OTHERS)
    };
  }


  private static void transfers() {
    declare("POST", "/v1/transfers", ParamSpec.of(
        integer("amount"), currency("currency"), string("description"), string("destination"), expand(), metadata(),
        string("source_transaction"), string("transfer_group"), unsupported("source_type")));
    declare("GET", "/v1/transfers", list(range("created"), string("destination"), string("transfer_group")));
    declare("GET", "/v1/transfers/{id}", retrieve());
    declare("POST", "/v1/transfers/{id}", ParamSpec.of(string("description"), expand(), metadata()));
    declare("POST", "/v1/transfers/{id}/reversals", ParamSpec.of(
        integer("amount"), string("description"), expand(), metadata(),
        // The stand-in takes no application fees, so there is none to refund.
        unsupported("refund_application_fee")));
    declare("GET", "/v1/transfers/{id}/reversals", list());
    declare("GET", "/v1/transfers/{id}/reversals/{reversal}", retrieve());
    declare("POST", "/v1/transfers/{id}/reversals/{reversal}", ParamSpec.of(expand(), metadata()));
  }

  private static void disputes() {
    declare("GET", "/v1/disputes", list(range("created"), string("charge"), string("payment_intent")));
    declare("GET", "/v1/disputes/{id}", retrieve());
    declare("POST", "/v1/disputes/{id}", ParamSpec.of(
        object("evidence", disputeEvidence()), expand(), metadata(), bool("submit")));
    declare("POST", "/v1/disputes/{id}/close", ParamSpec.of(expand()));
  }

  /** The text evidence; files (the stand-in has no file uploads) and enhanced evidence are not modelled. */
  private static Object[] disputeEvidence() {
    List<Object> fields = new ArrayList<>();
    for (String text : DisputeResource.TEXT_EVIDENCE) {
      fields.add(string(text));
    }
    fields.add(unsupported(DisputeResource.FILE_EVIDENCE));
    fields.add(unsupported("enhanced_evidence"));
    return fields.toArray();
  }

  private static void searches() {
    ParamSpec search = ParamSpec.of(expand(), integer("limit"), string("page"), string("query"));
    declare("GET", "/v1/payment_intents/search", search);
    declare("GET", "/v1/charges/search", search);
  }

  private static void events() {
    declare("GET", "/v1/events", list(
        range("created"), string("type"), strings("types"), unsupported("delivery_success")));
    declare("GET", "/v1/events/{id}", retrieve());
  }
}
