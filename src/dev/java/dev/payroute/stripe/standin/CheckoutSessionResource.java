package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checkout Sessions in {@code payment} mode with {@code price_data} line items, shown as a hosted page
 * or embedded in the merchant's site ({@code ui_mode}). The customer's visit is simulated by test
 * hooks: complete (pays with the test Visa card) or expire.
 */
final class CheckoutSessionResource extends Resource {
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
  private static final Duration MIN_LIFETIME = Duration.ofMinutes(30);

  private final PaymentIntentResource paymentIntents;
  private final String baseUrl;

  /** What the session was created with but Stripe does not show on the object itself: kept in its sidecar. */
  private record SessionInput(ArrayNode lineItems, ObjectNode paymentIntentData) {}

  CheckoutSessionResource(StandInState state, PaymentIntentResource paymentIntents, String baseUrl) {
    super(state);
    this.paymentIntents = paymentIntents;
    this.baseUrl = baseUrl;
  }

  @Override
  void register(Router api) {
    api.add("POST", "/v1/checkout/sessions", this::create);
    api.add("GET", "/v1/checkout/sessions", this::list);
    api.add("GET", "/v1/checkout/sessions/{id}", req -> ok(require(req.pathParam("id")), req));
    api.add("POST", "/v1/checkout/sessions/{id}", this::update);
    api.add("POST", "/v1/checkout/sessions/{id}/expire", req -> ok(expire(req.pathParam("id"), req.origin()), req));
    api.add("GET", "/v1/checkout/sessions/{id}/line_items", this::lineItems);
  }

  ObjectNode require(String id) {
    return state.store.require(id, "checkout.session", "session");
  }

  private Reply create(ApiRequest req) {
    Params p = req.params();
    String mode = p.requiredString("mode");
    if (!"payment".equals(mode)) {
      throw ApiError.invalidRequest("The stand-in supports mode=payment only, not '" + mode + "'.", "mode");
    }
    List<Params> items = p.list("line_items");
    if (items.isEmpty()) {
      throw ApiError.missingParam("line_items");
    }
    ArrayNode lineItems = Json.array();
    String currency = null;
    long subtotal = 0;
    for (Params item : items) {
      ObjectNode lineItem = lineItem(item);
      String itemCurrency = lineItem.get("currency").asText();
      if (currency != null && !currency.equals(itemCurrency)) {
        throw ApiError.invalidRequest("All line items must use the same currency.", item.name("price_data"));
      }
      currency = itemCurrency;
      subtotal += lineItem.get("amount_subtotal").asLong();
      lineItems.add(lineItem);
    }
    Currencies.requireCheckoutMinimum(subtotal, currency);
    String customer = p.nonEmpty("customer").orElse(null);
    if (customer != null) {
      state.store.requireReference(customer, "customer", "customer");
    }
    long now = Json.nowSeconds();
    long expiresAt = p.integer("expires_at").orElse(now + DEFAULT_LIFETIME.toSeconds());
    if (expiresAt < now + MIN_LIFETIME.toSeconds() || expiresAt > now + DEFAULT_LIFETIME.toSeconds()) {
      throw ApiError.invalidRequest(
          "The `expires_at` timestamp must be between 30 minutes and 24 hours from now.", "expires_at");
    }
    UiMode ui = uiMode(p);
    Params intentData = p.child("payment_intent_data");
    // Checked now, applied when the session completes: bad metadata must fail the create call.
    intentData.applyMetadata(Json.object());

    String id = "cs_test_" + Ids.random(58);
    ObjectNode session = newObject(id, "checkout.session");
    session.putNull("adaptive_pricing");
    session.putNull("after_expiration");
    session.putNull("allow_promotion_codes");
    session.put("amount_subtotal", subtotal);
    session.put("amount_total", subtotal);
    ObjectNode tax = session.putObject("automatic_tax");
    tax.put("enabled", false);
    tax.putNull("liability");
    tax.putNull("provider");
    tax.putNull("status");
    session.putNull("billing_address_collection");
    session.put("cancel_url", p.nonEmpty("cancel_url").orElse(null));
    session.put("client_reference_id", p.nonEmpty("client_reference_id").orElse(null));
    session.put("client_secret", ui.hostedPage() ? null : id + "_secret_" + Ids.random(24));
    session.putNull("collected_information");
    session.putNull("consent");
    session.putNull("consent_collection");
    session.put("created", now);
    session.put("currency", currency);
    session.putNull("currency_conversion");
    session.putArray("custom_fields");
    ObjectNode customText = session.putObject("custom_text");
    customText.putNull("after_submit");
    customText.putNull("shipping_address");
    customText.putNull("submit");
    customText.putNull("terms_of_service_acceptance");
    session.put("customer", customer);
    session.putNull("customer_account");
    session.put("customer_creation", customer == null ? "if_required" : null);
    session.putNull("customer_details");
    session.put("customer_email", p.nonEmpty("customer_email").orElse(null));
    session.putArray("discounts");
    session.put("expires_at", expiresAt);
    session.putNull("integration_identifier");
    session.putNull("invoice");
    session.putNull("invoice_creation");
    session.put("livemode", false);
    session.putNull("locale");
    session.putNull("managed_payments");
    session.putObject("metadata");
    p.applyMetadata(session);
    session.put("mode", mode);
    session.putNull("origin_context");
    session.putNull("payment_intent");
    session.putNull("payment_link");
    session.put("payment_method_collection", "if_required");
    session.putNull("payment_method_configuration_details");
    session.putObject("payment_method_options");
    List<String> types = p.strings("payment_method_types");
    session.set("payment_method_types", Json.array(types.isEmpty() ? new String[] {"card"} : types.toArray(String[]::new)));
    session.put("payment_status", "unpaid");
    session.putNull("permissions");
    session.putObject("phone_number_collection").put("enabled", false);
    session.putNull("recovered_from");
    if (!ui.hostedPage()) {
      session.put("redirect_on_completion", ui.redirectOnCompletion());
      session.put("return_url", ui.returnUrl());
    }
    session.putNull("saved_payment_method_options");
    session.putNull("setup_intent");
    session.putNull("shipping_address_collection");
    session.putNull("shipping_cost");
    session.putArray("shipping_options");
    session.put("status", "open");
    session.putNull("submit_type");
    session.putNull("subscription");
    session.put("success_url", p.nonEmpty("success_url").orElse(null));
    ObjectNode totals = session.putObject("total_details");
    totals.put("amount_discount", 0);
    totals.put("amount_shipping", 0);
    totals.put("amount_tax", 0);
    session.put("ui_mode", ui.value());
    session.put("url", ui.hostedPage() ? baseUrl + "/_standin/checkout/" + id : null);
    session.putNull("wallet_options");
    state.store.put(session);
    saveInput(id, new SessionInput(lineItems, intentData.raw().deepCopy()));
    return ok(session, req);
  }

  /** How the session is shown, and where an embedded one sends the customer back. */
  private record UiMode(String value, String returnUrl, String redirectOnCompletion) {
    boolean hostedPage() {
      return "hosted_page".equals(value);
    }
  }

  /**
   * The URL rules of Stripe's create parameters: a hosted page sends the customer to success_url
   * (cancel_url), return_url is not allowed; an embedded_page or elements session has no success_url
   * or cancel_url and needs return_url when redirect-based payment methods are enabled, which (as the
   * stand-in sees it) is unless payment_method_types is card only or redirect_on_completion is never.
   */
  private static UiMode uiMode(Params p) {
    // The values themselves (dahlia's, old ones refused) are checked by the request check: EndpointParams.
    String value = p.nonEmpty("ui_mode").orElse("hosted_page");
    if ("hosted_page".equals(value)) {
      for (String param : new String[] {"return_url", "redirect_on_completion"}) {
        if (p.has(param)) {
          throw ApiError.invalidRequest(
              "`" + param + "` is not allowed when ui_mode is hosted_page: a hosted page uses success_url.", param);
        }
      }
      return new UiMode(value, null, null);
    }
    for (String param : new String[] {"success_url", "cancel_url"}) {
      if (p.has(param)) {
        throw ApiError.invalidRequest(
            "`" + param + "` is not allowed when ui_mode is " + value + ": use return_url.", param);
      }
    }
    String redirect = p.nonEmpty("redirect_on_completion").orElse("always");
    String returnUrl = p.nonEmpty("return_url").orElse(null);
    boolean cardOnly = p.strings("payment_method_types").equals(List.of("card"));
    if (returnUrl == null && !cardOnly && !"never".equals(redirect)) {
      throw ApiError.invalidRequest(
          "`return_url` is required when ui_mode is " + value + " and redirect-based payment methods are enabled "
              + "(pass return_url, payment_method_types[]=card, or redirect_on_completion=never).",
          "return_url");
    }
    return new UiMode(value, returnUrl, redirect);
  }

  private static ObjectNode lineItem(Params item) {
    if (item.has("price")) {
      throw ApiError.invalidRequest(
          "The stand-in has no Prices: use " + item.name("price_data") + " instead of " + item.name("price") + ".",
          item.name("price"));
    }
    Params priceData = item.child("price_data");
    if (priceData.raw().isEmpty()) {
      throw ApiError.missingParam(item.name("price_data"));
    }
    String currency = priceData.requiredCurrency("currency");
    long unitAmount = priceData.integer("unit_amount").orElseThrow(() -> ApiError.missingParam(priceData.name("unit_amount")));
    if (unitAmount < 0) {
      throw ApiError.invalidRequest("This value must be greater than or equal to 0.", priceData.name("unit_amount"));
    }
    String productName = priceData.child("product_data").requiredString("name");
    long quantity = item.integer("quantity").orElseThrow(() -> ApiError.missingParam(item.name("quantity")));
    if (quantity < 1) {
      throw ApiError.invalidRequest("This value must be greater than or equal to 1.", item.name("quantity"));
    }
    ObjectNode lineItem = newObject(Ids.next("li"), "item");
    lineItem.put("amount_discount", 0);
    lineItem.put("amount_subtotal", unitAmount * quantity);
    lineItem.put("amount_tax", 0);
    lineItem.put("amount_total", unitAmount * quantity);
    lineItem.put("currency", currency);
    lineItem.put("description", productName);
    lineItem.set("price", inlinePrice(priceData, currency, unitAmount));
    lineItem.put("quantity", quantity);
    return lineItem;
  }

  /**
   * The whole Price object that price_data makes, as Stripe's reference shows one
   * (https://docs.stripe.com/api/prices/object): a one-time, per-unit price of a new product,
   * inactive because it exists only for this line.
   */
  private static ObjectNode inlinePrice(Params priceData, String currency, long unitAmount) {
    ObjectNode price = newObject(Ids.next("price"), "price");
    price.put("active", false);
    price.put("billing_scheme", "per_unit");
    price.put("created", Json.nowSeconds());
    price.put("currency", currency);
    price.putNull("custom_unit_amount");
    price.put("livemode", false);
    price.putNull("lookup_key");
    price.putObject("metadata");
    price.putNull("nickname");
    price.put("product", Ids.next("prod"));
    price.putNull("recurring");
    price.put("tax_behavior", priceData.nonEmpty("tax_behavior").orElse("unspecified"));
    price.putNull("tiers_mode");
    price.putNull("transform_quantity");
    price.put("type", "one_time");
    price.put("unit_amount", unitAmount);
    price.put("unit_amount_decimal", Long.toString(unitAmount));
    return price;
  }

  private Reply update(ApiRequest req) {
    ObjectNode session = require(req.pathParam("id"));
    req.params().applyMetadata(session);
    return ok(session, req);
  }

  /** The customer paid on the hosted page: a succeeded PaymentIntent, then checkout.session.completed. */
  ObjectNode complete(String id, Origin origin) {
    ObjectNode session = require(id);
    requireOpen(session, "completed");
    SessionInput input = input(id);
    Params intentData = new Params(input.paymentIntentData());
    ObjectNode pi =
        paymentIntents.createPaid(
            session.get("amount_total").asLong(),
            session.get("currency").asText(),
            session.path("customer").isNull() ? null : session.get("customer").asText(),
            intentData,
            origin);
    session.put("payment_intent", pi.get("id").asText());
    session.put("payment_status", "succeeded".equals(pi.get("status").asText()) ? "paid" : "unpaid");
    session.put("status", "complete");
    ObjectNode details = session.putObject("customer_details");
    details.putNull("address");
    details.putNull("business_name");
    details.set("email", session.get("customer_email").deepCopy());
    details.putNull("individual_name");
    details.putNull("name");
    details.putNull("phone");
    details.put("tax_exempt", "none");
    details.putArray("tax_ids");
    state.events.record("checkout.session.completed", session, origin);
    return session;
  }

  ObjectNode expire(String id, Origin origin) {
    ObjectNode session = require(id);
    requireOpen(session, "expired");
    session.put("status", "expired");
    state.events.record("checkout.session.expired", session, origin);
    return session;
  }

  private static void requireOpen(ObjectNode session, String wanted) {
    String status = session.get("status").asText();
    if (!"open".equals(status)) {
      throw ApiError.invalidRequest(
          "checkout_session_unexpected_state",
          "Only Checkout Sessions with a status in [\"open\"] can be " + wanted + "; "
              + session.get("id").asText() + " is " + status + ".",
          null);
    }
  }

  private Reply lineItems(ApiRequest req) {
    String id = require(req.pathParam("id")).get("id").asText();
    List<ObjectNode> items = new ArrayList<>();
    input(id).lineItems().forEach(item -> items.add((ObjectNode) item));
    // Stripe lists line items in the order they were given, not newest first.
    return ok(Pagination.page("/v1/checkout/sessions/" + id + "/line_items", items, req.params()), req);
  }

  private Reply list(ApiRequest req) {
    Params p = req.params();
    var paymentIntent = p.nonEmpty("payment_intent");
    var customer = p.nonEmpty("customer");
    var status = p.nonEmpty("status");
    var sessions =
        state.store.newestFirst(
            "checkout.session",
            s -> paymentIntent.map(id -> id.equals(s.path("payment_intent").asText())).orElse(true)
                && customer.map(id -> id.equals(s.path("customer").asText())).orElse(true)
                && status.map(st -> st.equals(s.path("status").asText())).orElse(true));
    return ok(Pagination.page("/v1/checkout/sessions", sessions, p), req);
  }

  private void saveInput(String id, SessionInput input) {
    ObjectNode sidecar = state.store.sidecar(id);
    sidecar.set("line_items", input.lineItems());
    sidecar.set("payment_intent_data", input.paymentIntentData());
  }

  private SessionInput input(String id) {
    ObjectNode sidecar = state.store.sidecar(id);
    return new SessionInput((ArrayNode) sidecar.get("line_items"), (ObjectNode) sidecar.get("payment_intent_data"));
  }

  /** Session data for the hosted page. */
  ObjectNode snapshot(String id) {
    return require(id).deepCopy();
  }
}
