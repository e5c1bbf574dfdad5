package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * PaymentIntents and their status machine: requires_payment_method → (confirm) → succeeded,
 * requires_capture (manual capture), requires_action (3-D Secure) or back to
 * requires_payment_method with {@code last_payment_error} and a 402 when the card is declined.
 */
final class PaymentIntentResource extends Resource {
  private static final Set<String> CONFIRMABLE = Set.of("requires_payment_method", "requires_confirmation");
  private static final List<String> CANCELABLE =
      List.of("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing");
  private static final Set<String> FINAL_STATUSES = Set.of("succeeded", "canceled");
  /** return_url is write-only on Stripe's object, so it is kept in the PaymentIntent's sidecar. */
  private static final String RETURN_URL = "return_url";

  private final PaymentMethodResource methods;
  private final ChargeResource charges;
  private final String baseUrl;

  PaymentIntentResource(StandInState state, PaymentMethodResource methods, ChargeResource charges, String baseUrl) {
    super(state);
    this.methods = methods;
    this.charges = charges;
    this.baseUrl = baseUrl;
  }

  @Override
  void register(Router api) {
    api.add("POST", "/v1/payment_intents", this::create);
    api.add("GET", "/v1/payment_intents", this::list);
    api.add("GET", "/v1/payment_intents/{id}", req -> ok(require(req.pathParam("id")), req));
    api.add("POST", "/v1/payment_intents/{id}", this::update);
    api.add("POST", "/v1/payment_intents/{id}/confirm", this::confirm);
    api.add("POST", "/v1/payment_intents/{id}/capture", this::capture);
    api.add("POST", "/v1/payment_intents/{id}/cancel", this::cancel);
  }

  ObjectNode require(String id) {
    return state.store.require(id, "payment_intent", "intent");
  }

  private Reply create(ApiRequest req) {
    Params p = req.params();
    ObjectNode pi = build(p);
    boolean confirm = p.bool("confirm").orElse(false);
    if (!confirm && (p.has("return_url") || p.has("off_session"))) {
      throw ApiError.invalidRequest(
          "return_url and off_session can only be passed when confirm=true.",
          p.has("return_url") ? "return_url" : "off_session");
    }
    if (confirm) {
      checkConfirmable(pi, p);
    }
    state.store.put(pi);
    state.events.record("payment_intent.created", pi, req.origin());
    if (confirm) {
      confirm(pi, p, req.origin());
    }
    return ok(pi, req);
  }

  /** A PaymentIntent paid at once with the test Visa card, as a completed Checkout Session makes. */
  ObjectNode createPaid(long amount, String currency, String customer, Params intentData, Origin origin) {
    ObjectNode pi = build(intentData, amount, currency, customer);
    pi.putArray("payment_method_types").add("card");
    pi.putNull("automatic_payment_methods");
    pi.putNull("payment_method_configuration_details");
    state.store.put(pi);
    state.events.record("payment_intent.created", pi, origin);
    ObjectNode pm = methods.resolve("pm_card_visa", "payment_method");
    succeed(pi, pm, false, origin);
    return pi;
  }

  private ObjectNode build(Params p) {
    long amount = p.requiredAmount("amount");
    String currency = p.requiredCurrency("currency");
    Currencies.requireMinimum(amount, currency, p.name("amount"));
    String customer = p.nonEmpty("customer").orElse(null);
    return build(p, amount, currency, customer);
  }

  private ObjectNode build(Params p, long amount, String currency, String customer) {
    if (customer != null) {
      state.store.requireReference(customer, "customer", "customer");
    }
    List<String> types = p.strings("payment_method_types");
    Params automatic = p.child("automatic_payment_methods");
    if (!types.isEmpty() && automatic.bool("enabled").orElse(false)) {
      throw ApiError.invalidRequest(
          "You may only specify one of these parameters: automatic_payment_methods, payment_method_types.",
          "automatic_payment_methods");
    }
    ObjectNode pm = p.nonEmpty("payment_method").map(id -> methods.resolve(id, "payment_method")).orElse(null);

    String id = Ids.next("pi");
    ObjectNode pi = newObject(id, "payment_intent");
    pi.put("amount", amount);
    pi.put("amount_capturable", 0);
    pi.putObject("amount_details").putObject("tip");
    pi.put("amount_received", 0);
    pi.putNull("application");
    pi.putNull("application_fee_amount");
    if (types.isEmpty()) {
      // Without payment_method_types Stripe turns on the methods enabled in the Dashboard.
      ObjectNode apm = pi.putObject("automatic_payment_methods");
      apm.put("allow_redirects", automatic.nonEmpty("allow_redirects").orElse("always"));
      apm.put("enabled", true);
      types = List.of("card");
    } else {
      pi.putNull("automatic_payment_methods");
    }
    pi.putNull("canceled_at");
    pi.putNull("cancellation_reason");
    pi.put("capture_method", p.nonEmpty("capture_method").orElse("automatic_async"));
    pi.put("client_secret", id + "_secret_" + Ids.random(25));
    pi.put("confirmation_method", p.nonEmpty("confirmation_method").orElse("automatic"));
    pi.put("created", Json.nowSeconds());
    pi.put("currency", currency);
    pi.put("customer", customer);
    pi.putNull("customer_account");
    pi.put("description", p.nonEmpty("description").orElse(null));
    pi.putNull("excluded_payment_method_types");
    pi.putNull("last_payment_error");
    pi.putNull("latest_charge");
    pi.put("livemode", false);
    pi.putNull("managed_payments");
    pi.putObject("metadata");
    p.applyMetadata(pi);
    pi.putNull("next_action");
    pi.putNull("on_behalf_of");
    pi.put("payment_method", pm == null ? null : pm.get("id").asText());
    if (pi.get("automatic_payment_methods").isNull()) {
      pi.putNull("payment_method_configuration_details");
    } else {
      ObjectNode config = pi.putObject("payment_method_configuration_details");
      config.put("id", "pmc_standin_default");
      config.putNull("parent");
    }
    ObjectNode cardOptions = pi.putObject("payment_method_options").putObject("card");
    cardOptions.putNull("installments");
    cardOptions.putNull("mandate_options");
    cardOptions.putNull("network");
    cardOptions.put("request_three_d_secure", "automatic");
    pi.set("payment_method_types", Json.array(types.toArray(String[]::new)));
    pi.putNull("processing");
    pi.put("receipt_email", p.nonEmpty("receipt_email").orElse(null));
    pi.putNull("review");
    pi.put("setup_future_usage", p.nonEmpty("setup_future_usage").orElse(null));
    pi.putNull("shipping");
    pi.putNull("source");
    pi.put("statement_descriptor", p.nonEmpty("statement_descriptor").orElse(null));
    pi.put("statement_descriptor_suffix", p.nonEmpty("statement_descriptor_suffix").orElse(null));
    pi.put("status", pm == null ? "requires_payment_method" : "requires_confirmation");
    String destination = p.child("transfer_data").nonEmpty("destination").orElse(null);
    if (destination == null) {
      pi.putNull("transfer_data");
    } else {
      pi.putObject("transfer_data").put("destination", destination);
    }
    pi.put("transfer_group", p.nonEmpty("transfer_group").orElse(null));
    return pi;
  }

  private Reply update(ApiRequest req) {
    ObjectNode pi = require(req.pathParam("id"));
    Params p = req.params();
    ObjectNode draft = pi.deepCopy();
    String status = pi.get("status").asText();
    boolean paymentFieldsChanged =
        p.has("amount") || p.has("currency") || p.has("payment_method") || p.has("capture_method");
    if (paymentFieldsChanged && (FINAL_STATUSES.contains(status) || "requires_capture".equals(status))) {
      throw unexpectedState(pi, "update", List.of("requires_payment_method", "requires_confirmation", "requires_action"));
    }
    p.amount("amount").ifPresent(a -> draft.put("amount", a));
    if (p.has("currency")) {
      draft.put("currency", p.requiredCurrency("currency"));
    }
    if (p.has("amount") || p.has("currency")) {
      Currencies.requireMinimum(draft.get("amount").asLong(), draft.get("currency").asText(), p.name("amount"));
    }
    p.nonEmpty("capture_method").ifPresent(c -> draft.put("capture_method", c));
    for (String field : new String[] {"description", "receipt_email", "statement_descriptor", "transfer_group"}) {
      p.string(field).ifPresent(v -> draft.put(field, v.isEmpty() ? null : v));
    }
    p.nonEmpty("customer").ifPresent(customer -> {
      state.store.requireReference(customer, "customer", "customer");
      draft.put("customer", customer);
    });
    p.applyMetadata(draft);
    p.nonEmpty("payment_method").ifPresent(pmId -> {
      methods.resolve(pmId, "payment_method");
      draft.put("payment_method", pmId);
      draft.put("status", "requires_confirmation");
      draft.putNull("next_action");
    });
    pi.setAll(draft);
    return ok(pi, req);
  }

  private Reply confirm(ApiRequest req) {
    ObjectNode pi = require(req.pathParam("id"));
    checkConfirmable(pi, req.params());
    confirm(pi, req.params(), req.origin());
    return ok(pi, req);
  }

  /** Everything that can make a confirmation fail before it changes anything. */
  private void checkConfirmable(ObjectNode pi, Params p) {
    String status = pi.get("status").asText();
    if (!CONFIRMABLE.contains(status)) {
      throw unexpectedState(pi, "confirm", List.copyOf(new java.util.TreeSet<>(CONFIRMABLE)));
    }
    p.nonEmpty("payment_method").ifPresent(id -> methods.resolve(id, "payment_method"));
    if (!p.has("payment_method") && pi.get("payment_method").isNull()) {
      throw ApiError.invalidRequest(
              "payment_intent_unexpected_state",
              "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the "
                  + "PaymentIntent with " + pi.get("id").asText() + ", specify a payment method with "
                  + "payment_method.",
              "payment_method")
          .with("payment_intent", pi.deepCopy());
    }
    String returnUrl = p.nonEmpty("return_url").orElseGet(() -> savedReturnUrl(pi.get("id").asText()));
    var automatic = pi.get("automatic_payment_methods");
    boolean redirectsAllowed =
        automatic.isObject() && automatic.path("enabled").asBoolean() && !"never".equals(automatic.path("allow_redirects").asText());
    if (redirectsAllowed && returnUrl == null) {
      // Real Stripe refuses this too, even for a card that needs no redirect.
      throw ApiError.invalidRequest(
          "A `return_url` must be specified because this PaymentIntent accepts the payment methods enabled "
              + "in the Dashboard, some of which may need a full page redirect. Pass `return_url`, or set "
              + "`automatic_payment_methods[allow_redirects]=never` (or `payment_method_types`) when creating it.",
          "return_url");
    }
  }

  private void confirm(ObjectNode pi, Params p, Origin origin) {
    String id = pi.get("id").asText();
    ObjectNode pm =
        methods.resolve(p.nonEmpty("payment_method").orElse(pi.get("payment_method").asText()), "payment_method");
    p.nonEmpty("return_url").ifPresent(url -> state.store.sidecar(id).put(RETURN_URL, url));
    p.nonEmpty("receipt_email").ifPresent(email -> pi.put("receipt_email", email));
    pi.put("payment_method", pm.get("id").asText());
    TestCard card = methods.cardOf(pm.get("id").asText());
    switch (card.outcome()) {
      case SUCCEED -> succeed(pi, pm, false, origin);
      case DECLINE -> decline(pi, pm, "card_declined", card.declineCode(), origin);
      case AUTHENTICATE -> {
        if (p.bool("off_session").orElse(false)) {
          decline(pi, pm, "authentication_required", "authentication_required", origin);
        }
        requireAction(pi, p.nonEmpty("return_url").orElse(null), origin);
      }
    }
  }

  private void succeed(ObjectNode pi, ObjectNode pm, boolean authenticated, Origin origin) {
    boolean manual = "manual".equals(pi.get("capture_method").asText());
    ObjectNode charge = charges.createSucceeded(pi, pm, authenticated, !manual, origin);
    pi.put("latest_charge", charge.get("id").asText());
    pi.put("payment_method", pm.get("id").asText());
    pi.putNull("last_payment_error");
    pi.putNull("next_action");
    long amount = pi.get("amount").asLong();
    if (manual) {
      pi.put("status", "requires_capture");
      pi.put("amount_capturable", amount);
      state.events.record("payment_intent.amount_capturable_updated", pi, origin);
    } else {
      pi.put("status", "succeeded");
      pi.put("amount_received", amount);
      state.events.record("payment_intent.succeeded", pi, origin);
    }
  }

  /** Records the failed attempt like Stripe (failed charge, events) and then answers 402. */
  private void decline(ObjectNode pi, ObjectNode pm, String code, String declineCode, Origin origin) {
    String message = declineMessage(declineCode);
    ObjectNode charge = charges.createFailed(pi, pm, declineCode, message, origin);
    String chargeId = charge.get("id").asText();
    ObjectNode error = Json.object();
    error.put("charge", chargeId);
    error.put("code", code);
    error.put("decline_code", declineCode);
    error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    error.put("message", message);
    error.set("payment_method", pm.deepCopy());
    error.put("type", "card_error");
    pi.put("status", "requires_payment_method");
    pi.putNull("payment_method");
    pi.put("latest_charge", chargeId);
    pi.set("last_payment_error", error);
    pi.putNull("next_action");
    state.events.record("payment_intent.payment_failed", pi, origin);
    throw ApiError.card(code, declineCode, message, null)
        .with("charge", chargeId)
        .with("payment_intent", pi.deepCopy())
        .with("payment_method", pm.deepCopy());
  }

  /**
   * 3-D Secure as Stripe asks for it: confirmed with a {@code return_url}, the customer is to be sent to
   * {@code next_action.redirect_to_url.url} and comes back to that return_url; without one, Stripe.js
   * handles the challenge from {@code next_action.use_stripe_sdk}, a hash whose shape Stripe documents
   * as subject to change and meant for Stripe.js only. The stand-in's hash names its own challenge page,
   * so either way the test hooks (or that page) finish the authentication.
   */
  private void requireAction(ObjectNode pi, String returnUrl, Origin origin) {
    String challenge = baseUrl + "/_standin/3ds/" + pi.get("id").asText();
    ObjectNode next = Json.object();
    if (returnUrl != null) {
      next.put("type", "redirect_to_url");
      ObjectNode redirect = next.putObject("redirect_to_url");
      redirect.put("return_url", returnUrl);
      redirect.put("url", challenge);
    } else {
      next.put("type", "use_stripe_sdk");
      ObjectNode sdk = next.putObject("use_stripe_sdk");
      sdk.put("type", "three_d_secure_redirect");
      sdk.put("stripe_js", challenge);
    }
    pi.set("next_action", next);
    pi.put("status", "requires_action");
    state.events.record("payment_intent.requires_action", pi, origin);
  }

  /** The cardholder finishing (or failing) the 3-D Secure challenge. */
  ObjectNode authenticate(String id, boolean succeed, Origin origin) {
    ObjectNode pi = require(id);
    if (!"requires_action".equals(pi.get("status").asText())) {
      throw unexpectedState(pi, "authenticate", List.of("requires_action"));
    }
    ObjectNode pm = methods.resolve(pi.get("payment_method").asText(), "payment_method");
    if (succeed) {
      succeed(pi, pm, true, origin);
      return pi;
    }
    ObjectNode error = Json.object();
    error.put("code", "payment_intent_authentication_failure");
    error.put("doc_url", "https://stripe.com/docs/error-codes/payment-intent-authentication-failure");
    error.put(
        "message",
        "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new "
            + "PaymentMethod to attempt to fulfill this PaymentIntent again.");
    error.set("payment_method", pm.deepCopy());
    error.put("type", "invalid_request_error");
    pi.put("status", "requires_payment_method");
    pi.putNull("payment_method");
    pi.putNull("next_action");
    pi.set("last_payment_error", error);
    state.events.record("payment_intent.payment_failed", pi, origin);
    return pi;
  }

  private Reply capture(ApiRequest req) {
    ObjectNode pi = require(req.pathParam("id"));
    if (!"requires_capture".equals(pi.get("status").asText())) {
      throw unexpectedState(pi, "capture", List.of("requires_capture"));
    }
    Params p = req.params();
    long capturable = pi.get("amount_capturable").asLong();
    long amount = p.amount("amount_to_capture").orElse(capturable);
    if (amount > capturable) {
      throw ApiError.invalidRequest(
          "amount_too_large",
          "The amount to capture (" + amount + ") is greater than the amount capturable (" + capturable + ").",
          "amount_to_capture");
    }
    ObjectNode draft = pi.deepCopy();
    p.applyMetadata(draft);
    pi.setAll(draft);
    charges.capture(charges.require(pi.get("latest_charge").asText()), amount, req.origin());
    pi.put("amount_capturable", 0);
    pi.put("amount_received", amount);
    pi.put("status", "succeeded");
    state.events.record("payment_intent.succeeded", pi, req.origin());
    return ok(pi, req);
  }

  private Reply cancel(ApiRequest req) {
    ObjectNode pi = require(req.pathParam("id"));
    String status = pi.get("status").asText();
    if (!CANCELABLE.contains(status)) {
      throw unexpectedState(pi, "cancel", CANCELABLE);
    }
    String reason = req.params().nonEmpty("cancellation_reason").orElse(null);
    // A released hold leaves its charge as it was (no refund since 2025-03-31.basil): see ChargeResource.capture.
    pi.put("amount_capturable", 0);
    pi.put("canceled_at", Json.nowSeconds());
    pi.put("cancellation_reason", reason);
    pi.putNull("next_action");
    pi.put("status", "canceled");
    state.events.record("payment_intent.canceled", pi, req.origin());
    return ok(pi, req);
  }

  private Reply list(ApiRequest req) {
    Params p = req.params();
    var customer = p.nonEmpty("customer");
    var intents =
        state.store.newestFirst(
            "payment_intent", pi -> customer.map(c -> c.equals(pi.path("customer").asText())).orElse(true));
    return ok(Pagination.page("/v1/payment_intents", intents, p), req);
  }

  private String savedReturnUrl(String id) {
    return state.store.find(id).map(pi -> state.store.sidecar(id).path(RETURN_URL).asText(null)).orElse(null);
  }

  private static ApiError unexpectedState(ObjectNode pi, String action, List<String> allowed) {
    String status = pi.get("status").asText();
    return ApiError.invalidRequest(
            "payment_intent_unexpected_state",
            "You cannot " + action + " this PaymentIntent because it has a status of " + status + ". Only a "
                + "PaymentIntent with one of the following statuses may be " + pastTense(action) + ": "
                + String.join(", ", allowed) + ".",
            null)
        .with("payment_intent", pi.deepCopy());
  }

  private static String pastTense(String action) {
    return switch (action) {
      case "cancel" -> "canceled";
      case "capture" -> "captured";
      default -> action + (action.endsWith("e") ? "d" : "ed");
    };
  }

  private static String declineMessage(String declineCode) {
    return switch (declineCode) {
      case "insufficient_funds" -> "Your card has insufficient funds.";
      case "authentication_required" -> "Your card was declined. This transaction requires authentication.";
      case "test_mode_live_card" ->
          "Your card was declined. Your request was in test mode, but used a non test (live) card.";
      default -> "Your card was declined.";
    };
  }
}
