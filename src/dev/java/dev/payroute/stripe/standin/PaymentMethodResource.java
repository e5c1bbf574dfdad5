package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Year;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Card PaymentMethods: Stripe's {@code pm_card_*} test ids, ones created from raw test card numbers
 * ({@code POST /v1/payment_methods}), attach and detach, and the lists of a customer's attached
 * methods, newest first. Attaching a {@code pm_card_*} test id attaches a new copy of that card
 * (a new {@code pm_} id), as Stripe does, so the shared test ids stay unattached; any other method
 * can be attached once.
 */
final class PaymentMethodResource extends Resource {
  /** Sidecar field of a created PaymentMethod: the number, when it is one of Stripe's documented test cards. */
  private static final String TEST_CARD = "test_card";
  /** Any other valid number: confirming declines, as Stripe's test mode does with real cards. */
  private static final TestCard LIVE_CARD = TestCard.unknown("0000000000000000");

  private final Map<String, TestCard> cardByToken = new HashMap<>();

  PaymentMethodResource(StandInState state) {
    super(state);
    for (TestCard card : TestCard.ALL) {
      if (card.token() != null) {
        ObjectNode pm = build(card.token(), card, 12, Year.now().getValue() + 3);
        state.store.put(pm);
        cardByToken.put(card.token(), card);
      }
    }
  }

  @Override
  void register(Router api) {
    api.add("POST", "/v1/payment_methods", req -> ok(create(req.params()), req));
    api.add("GET", "/v1/payment_methods/{id}", req -> ok(require(req.pathParam("id")), req));
    api.add("POST", "/v1/payment_methods/{id}", this::update);
    api.add("POST", "/v1/payment_methods/{id}/attach", this::attach);
    api.add("POST", "/v1/payment_methods/{id}/detach", this::detach);
    api.add("GET", "/v1/payment_methods", this::list);
    api.add("GET", "/v1/customers/{customer}/payment_methods", this::listForCustomer);
    api.add("GET", "/v1/customers/{customer}/payment_methods/{payment_method}", this::retrieveForCustomer);
  }

  /** The PaymentMethod named by a request parameter. */
  ObjectNode resolve(String id, String param) {
    return state.store
        .find(id, "payment_method")
        .orElseThrow(() -> ApiError.missingReference("PaymentMethod", id, param));
  }

  TestCard cardOf(String paymentMethodId) {
    TestCard token = cardByToken.get(paymentMethodId);
    if (token != null) {
      return token;
    }
    String number = state.store.sidecar(paymentMethodId).path(TEST_CARD).asText(null);
    return number == null ? LIVE_CARD : TestCard.byNumber(number).orElse(LIVE_CARD);
  }

  /** Creates a card PaymentMethod from {@code type=card&card[number]=...} style parameters. */
  ObjectNode create(Params params) {
    String type = params.nonEmpty("type").orElse("card");
    if (!"card".equals(type)) {
      throw ApiError.invalidRequest(
          "The stand-in models card payment methods only, not '" + type + "'.", params.name("type"));
    }
    Params card = params.child("card");
    String number = card.requiredString("number").replaceAll("[ -]", "");
    if (!number.matches("\\d{12,19}") || !TestCard.passesLuhn(number)) {
      throw ApiError.card("incorrect_number", null, "Your card number is incorrect.", card.name("number"));
    }
    long expMonth = card.integer("exp_month").orElse(12L);
    long expYear = card.integer("exp_year").orElse((long) Year.now().getValue() + 3);
    if (expMonth < 1 || expMonth > 12) {
      throw ApiError.card(
          "invalid_expiry_month", null, "Your card's expiration month is invalid.", card.name("exp_month"));
    }
    if (expYear < Year.now().getValue()) {
      throw ApiError.card(
          "invalid_expiry_year", null, "Your card's expiration year is invalid.", card.name("exp_year"));
    }
    TestCard testCard = TestCard.byNumber(number).orElseGet(() -> TestCard.unknown(number));
    ObjectNode pm = build(Ids.next("pm"), testCard, (int) expMonth, (int) expYear);
    params.applyMetadata(pm);
    state.store.put(pm);
    if (TestCard.byNumber(number).isPresent()) {
      state.store.sidecar(pm.get("id").asText()).put(TEST_CARD, number);
    }
    return pm;
  }

  /** The PaymentMethod named in the URL. */
  private ObjectNode require(String id) {
    return state.store
        .find(id, "payment_method")
        .orElseThrow(() -> ApiError.resourceMissing("PaymentMethod", id, "payment_method"));
  }

  private Reply update(ApiRequest req) {
    ObjectNode pm = require(req.pathParam("id"));
    req.params().applyMetadata(pm);
    return ok(pm, req);
  }

  private Reply attach(ApiRequest req) {
    ObjectNode given = require(req.pathParam("id"));
    String customer = req.params().requiredString("customer");
    liveCustomer(customer).orElseThrow(() -> ApiError.missingReference("customer", customer, "customer"));
    if (!given.path("customer").isNull()) {
      throw ApiError.invalidRequest("The payment method you provided has already been attached to a customer.", null);
    }
    ObjectNode pm = isTestToken(given) ? copyOf(given) : given;
    pm.put("customer", customer);
    state.events.record("payment_method.attached", pm, req.origin());
    return ok(pm, req);
  }

  private static boolean isTestToken(ObjectNode pm) {
    String id = pm.get("id").asText();
    return TestCard.ALL.stream().anyMatch(card -> id.equals(card.token()));
  }

  /** A new PaymentMethod for the same card, as Stripe makes when a test id is attached. */
  private ObjectNode copyOf(ObjectNode token) {
    TestCard card = cardOf(token.get("id").asText());
    ObjectNode details = (ObjectNode) token.get("card");
    ObjectNode pm = build(Ids.next("pm"), card, details.get("exp_month").asInt(), details.get("exp_year").asInt());
    state.store.put(pm);
    state.store.sidecar(pm.get("id").asText()).put(TEST_CARD, card.number());
    return pm;
  }

  /** A customer that exists and is not deleted. */
  private Optional<ObjectNode> liveCustomer(String id) {
    return state.store.find(id, "customer").filter(c -> !c.path("deleted").asBoolean(false));
  }

  /**
   * {@code GET /v1/payment_methods}. With {@code customer}, that customer's methods. Without it
   * Stripe lists the methods of Treasury flows, which the stand-in does not model: refused rather
   * than answered with a list that could only be wrong.
   */
  private Reply list(ApiRequest req) {
    Params p = req.params();
    String customer = p.nonEmpty("customer").orElseThrow(() -> ApiError.invalidRequest(
        "parameter_missing",
        "The offline Stripe stand-in lists the payment methods of a customer only: pass customer. (Without it "
            + "Stripe lists the payment methods of Treasury flows, which the stand-in does not model.)",
        "customer"));
    liveCustomer(customer).orElseThrow(() -> ApiError.missingReference("customer", customer, "customer"));
    return ok(Pagination.page("/v1/payment_methods", attachedTo(customer, p), p), req);
  }

  private Reply listForCustomer(ApiRequest req) {
    String customer = urlCustomer(req);
    return ok(Pagination.page(
        "/v1/customers/" + customer + "/payment_methods", attachedTo(customer, req.params()), req.params()), req);
  }

  private Reply retrieveForCustomer(ApiRequest req) {
    String customer = urlCustomer(req);
    String id = req.pathParam("payment_method");
    ObjectNode pm = state.store.find(id, "payment_method")
        .filter(m -> customer.equals(m.path("customer").asText()))
        .orElseThrow(() -> ApiError.resourceMissing("PaymentMethod", id, "payment_method"));
    return ok(pm, req);
  }

  private String urlCustomer(ApiRequest req) {
    String id = req.pathParam("customer");
    return liveCustomer(id).orElseThrow(() -> ApiError.resourceMissing("customer", id, "customer")).get("id").asText();
  }

  /** The customer's attached methods, newest first, filtered by {@code type} and {@code allow_redisplay}. */
  private List<ObjectNode> attachedTo(String customer, Params p) {
    var type = p.nonEmpty("type");
    var redisplay = p.nonEmpty("allow_redisplay");
    return state.store.newestFirst(
        "payment_method",
        pm -> customer.equals(pm.path("customer").asText())
            && type.map(t -> t.equals(pm.path("type").asText())).orElse(true)
            && redisplay.map(r -> r.equals(pm.path("allow_redisplay").asText())).orElse(true));
  }

  private Reply detach(ApiRequest req) {
    ObjectNode pm = require(req.pathParam("id"));
    if (pm.path("customer").isNull()) {
      throw ApiError.invalidRequest(
          "The payment method you provided is not attached to a customer so detachment is impossible.", null);
    }
    pm.putNull("customer");
    state.events.record("payment_method.detached", pm, req.origin());
    return ok(pm, req);
  }

  private static ObjectNode build(String id, TestCard card, int expMonth, int expYear) {
    ObjectNode pm = newObject(id, "payment_method");
    pm.put("allow_redisplay", "unspecified");
    ObjectNode billing = pm.putObject("billing_details");
    ObjectNode address = billing.putObject("address");
    for (String field : new String[] {"city", "country", "line1", "line2", "postal_code", "state"}) {
      address.putNull(field);
    }
    billing.putNull("email");
    billing.putNull("name");
    billing.putNull("phone");
    billing.putNull("tax_id");
    ObjectNode details = pm.putObject("card");
    details.put("brand", card.brand());
    ObjectNode checks = details.putObject("checks");
    checks.putNull("address_line1_check");
    checks.putNull("address_postal_code_check");
    checks.put("cvc_check", "pass");
    details.put("country", "US");
    details.put("display_brand", card.brand());
    details.put("exp_month", expMonth);
    details.put("exp_year", expYear);
    details.put("fingerprint", fingerprint(card.number()));
    details.put("funding", "credit");
    details.putNull("generated_from");
    details.put("last4", card.last4());
    ObjectNode networks = details.putObject("networks");
    networks.putArray("available").add(card.brand());
    networks.putNull("preferred");
    details.put("regulated_status", "unregulated");
    details.putObject("three_d_secure_usage").put("supported", true);
    details.putNull("wallet");
    pm.put("created", Json.nowSeconds());
    pm.putNull("customer");
    pm.putNull("customer_account");
    pm.put("livemode", false);
    pm.putObject("metadata");
    pm.put("type", "card");
    return pm;
  }

  /** Stable per card number, like Stripe's, without exposing the number. */
  private static String fingerprint(String number) {
    return WebhookSigner.hmacSha256Hex("stand-in-card-fingerprint", number).substring(0, 16);
  }
}
