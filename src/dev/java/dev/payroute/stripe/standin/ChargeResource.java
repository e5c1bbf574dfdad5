package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * Charges. They are made only by confirming PaymentIntents; the API can retrieve, list and update
 * them. Captured amounts go to the platform {@link Balance}.
 */
final class ChargeResource extends Resource {
  private static final long AUTHORIZATION_VALIDITY_SECONDS = Duration.ofDays(7).toSeconds();

  private final String baseUrl;

  ChargeResource(StandInState state, String baseUrl) {
    super(state);
    this.baseUrl = baseUrl;
  }

  @Override
  void register(Router api) {
    api.add("GET", "/v1/charges", this::list);
    api.add("GET", "/v1/charges/{id}", req -> ok(require(req.pathParam("id")), req));
    api.add("POST", "/v1/charges/{id}", this::update);
  }

  ObjectNode require(String id) {
    return state.store.require(id, "charge", "charge");
  }

  /** A successful card payment for the PaymentIntent, captured now or only authorised. */
  ObjectNode createSucceeded(ObjectNode pi, ObjectNode pm, boolean authenticated, boolean capture, Origin origin) {
    long amount = pi.get("amount").asLong();
    ObjectNode charge = base(pi, pm, authenticated);
    charge.put("amount_captured", capture ? amount : 0);
    charge.put("balance_transaction", capture ? Ids.next("txn") : null);
    charge.put("captured", capture);
    charge.putNull("failure_code");
    charge.putNull("failure_message");
    charge.set("outcome", outcome("approved_by_network", null, "Payment complete.", "authorized"));
    charge.put("paid", true);
    charge.put("status", "succeeded");
    if (!capture) {
      ObjectNode card = (ObjectNode) charge.get("payment_method_details").get("card");
      card.put("capture_before", Json.nowSeconds() + AUTHORIZATION_VALIDITY_SECONDS);
    }
    state.store.put(charge);
    if (capture) {
      state.balance.credit(charge.get("currency").asText(), amount);
    }
    state.events.record("charge.succeeded", charge, origin);
    return charge;
  }

  ObjectNode createFailed(ObjectNode pi, ObjectNode pm, String declineCode, String message, Origin origin) {
    ObjectNode charge = base(pi, pm, false);
    charge.put("amount_captured", 0);
    charge.putNull("balance_transaction");
    charge.put("captured", false);
    charge.put("failure_code", "card_declined");
    charge.put("failure_message", message);
    charge.set(
        "outcome",
        outcome(
            "declined_by_network",
            declineCode,
            "The bank returned the decline code `" + declineCode + "`.",
            "issuer_declined"));
    charge.put("paid", false);
    charge.put("status", "failed");
    state.store.put(charge);
    state.events.record("charge.failed", charge, origin);
    return charge;
  }

  /**
   * Captures {@code amount} of the authorisation; the rest of it is released. Since 2025-03-31.basil, and so
   * in 2026-07-29.dahlia, neither a partial capture nor cancelling an uncaptured payment creates a Refund:
   * amount_captured says what was captured, amount_refunded and refunded are not changed by it (they count
   * real refunds only; refunded, "whether the charge has been fully refunded", turns true once those reach
   * amount_captured), the released remainder shows only as amount - amount_captured, one balance
   * transaction holds the captured amount, and no charge.refunded event is sent (https://docs.stripe.com/changelog/basil/2025-03-31/remove-refund-from-partial-capture-and-payment-cancellation-flow,
   * https://support.stripe.com/questions/changes-to-balance-transaction-behavior-for-partial-capture-and-payment-cancellation-flows).
   * Cancelling a hold therefore changes nothing on its charge.
   */
  void capture(ObjectNode charge, long amount, Origin origin) {
    ObjectNode before = charge.deepCopy();
    charge.put("amount_captured", amount);
    charge.put("balance_transaction", Ids.next("txn"));
    charge.put("captured", true);
    ((ObjectNode) charge.get("payment_method_details").get("card")).remove("capture_before");
    state.balance.credit(charge.get("currency").asText(), amount);
    state.events.record("charge.captured", charge, Json.previousAttributes(before, charge), origin);
  }

  long refundable(ObjectNode charge) {
    return charge.get("amount_captured").asLong() - charge.get("amount_refunded").asLong();
  }

  private Reply update(ApiRequest req) {
    ObjectNode charge = require(req.pathParam("id"));
    ObjectNode before = charge.deepCopy();
    Params p = req.params();
    ObjectNode draft = charge.deepCopy();
    p.applyMetadata(draft);
    p.string("description").ifPresent(d -> draft.put("description", d.isEmpty() ? null : d));
    p.string("receipt_email").ifPresent(e -> draft.put("receipt_email", e.isEmpty() ? null : e));
    charge.setAll(draft);
    ObjectNode previous = Json.previousAttributes(before, charge);
    if (!previous.isEmpty()) {
      state.events.record("charge.updated", charge, previous, req.origin());
    }
    return ok(charge, req);
  }

  private Reply list(ApiRequest req) {
    Params p = req.params();
    var paymentIntent = p.nonEmpty("payment_intent");
    var customer = p.nonEmpty("customer");
    var charges =
        state.store.newestFirst(
            "charge",
            c -> paymentIntent.map(id -> id.equals(c.path("payment_intent").asText())).orElse(true)
                && customer.map(id -> id.equals(c.path("customer").asText())).orElse(true));
    return ok(Pagination.page("/v1/charges", charges, p), req);
  }

  private ObjectNode base(ObjectNode pi, ObjectNode pm, boolean authenticated) {
    String id = Ids.next("ch");
    ObjectNode charge = newObject(id, "charge");
    charge.put("amount", pi.get("amount").asLong());
    charge.put("amount_refunded", 0);
    charge.putNull("application");
    charge.putNull("application_fee");
    charge.putNull("application_fee_amount");
    charge.set("billing_details", pm.get("billing_details").deepCopy());
    charge.put("calculated_statement_descriptor", "PAYROUTE STANDIN");
    charge.put("created", Json.nowSeconds());
    charge.put("currency", pi.get("currency").asText());
    charge.set("customer", pi.get("customer").deepCopy());
    charge.set("description", pi.get("description").deepCopy());
    charge.put("disputed", false);
    charge.putNull("failure_balance_transaction");
    charge.putObject("fraud_details");
    charge.put("livemode", false);
    charge.set("metadata", pi.get("metadata").deepCopy());
    charge.putNull("on_behalf_of");
    charge.put("payment_intent", pi.get("id").asText());
    charge.put("payment_method", pm.get("id").asText());
    charge.set("payment_method_details", cardDetails(pi, pm, authenticated));
    charge.set("receipt_email", pi.get("receipt_email").deepCopy());
    charge.putNull("receipt_number");
    charge.put("receipt_url", baseUrl + "/_standin/receipts/" + id);
    charge.put("refunded", false);
    charge.putNull("review");
    charge.putNull("shipping");
    charge.putNull("source");
    charge.putNull("source_transfer");
    charge.putNull("statement_descriptor");
    charge.putNull("statement_descriptor_suffix");
    charge.putNull("transfer_data");
    charge.set("transfer_group", pi.get("transfer_group").deepCopy());
    return charge;
  }

  private static ObjectNode cardDetails(ObjectNode pi, ObjectNode pm, boolean authenticated) {
    JsonNode pmCard = pm.get("card");
    ObjectNode details = Json.object();
    ObjectNode card = details.putObject("card");
    card.put("amount_authorized", pi.get("amount").asLong());
    card.putNull("authorization_code");
    card.put("brand", pmCard.get("brand").asText());
    card.set("checks", pmCard.get("checks").deepCopy());
    card.put("country", pmCard.get("country").asText());
    card.put("exp_month", pmCard.get("exp_month").asInt());
    card.put("exp_year", pmCard.get("exp_year").asInt());
    card.putObject("extended_authorization").put("status", "disabled");
    card.put("fingerprint", pmCard.get("fingerprint").asText());
    card.put("funding", pmCard.get("funding").asText());
    card.putObject("incremental_authorization").put("status", "unavailable");
    card.putNull("installments");
    card.put("last4", pmCard.get("last4").asText());
    card.putNull("mandate");
    card.putObject("multicapture").put("status", "unavailable");
    card.put("network", pmCard.get("brand").asText());
    card.putObject("network_token").put("used", false);
    card.putNull("network_transaction_id");
    ObjectNode overcapture = card.putObject("overcapture");
    overcapture.put("maximum_amount_capturable", pi.get("amount").asLong());
    overcapture.put("status", "unavailable");
    card.put("regulated_status", "unregulated");
    if (authenticated) {
      ObjectNode threeDs = card.putObject("three_d_secure");
      threeDs.put("authentication_flow", "challenge");
      // The ECI of a fully authenticated payment: 02 on Mastercard, 05 on the other networks.
      threeDs.put("electronic_commerce_indicator", "mastercard".equals(pmCard.get("brand").asText()) ? "02" : "05");
      threeDs.putNull("exemption_indicator");
      threeDs.put("result", "authenticated");
      threeDs.putNull("result_reason");
      threeDs.put("transaction_id", java.util.UUID.randomUUID().toString());
      threeDs.put("version", "2.2.0");
    } else {
      card.putNull("three_d_secure");
    }
    card.putNull("transaction_link_id");
    card.putNull("wallet");
    details.put("type", "card");
    return details;
  }

  private static ObjectNode outcome(String networkStatus, String reason, String sellerMessage, String type) {
    ObjectNode outcome = Json.object();
    outcome.putNull("advice_code");
    outcome.putNull("network_advice_code");
    outcome.putNull("network_decline_code");
    outcome.put("network_status", networkStatus);
    outcome.put("reason", reason);
    outcome.put("risk_level", "normal"); // no risk_score: Stripe gives that to Radar for Fraud Teams accounts only
    outcome.put("seller_message", sellerMessage);
    outcome.put("type", type);
    return outcome;
  }
}
