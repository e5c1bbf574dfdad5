package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Refunds of captured charges, by PaymentIntent or charge. They succeed at once, unless created
 * with {@code metadata[standin_pending]=true}: those stay pending until settled by a test hook.
 */
final class RefundResource extends Resource {
  static final String PENDING_FLAG = "standin_pending";

  private final ChargeResource charges;

  RefundResource(StandInState state, ChargeResource charges) {
    super(state);
    this.charges = charges;
  }

  @Override
  void register(Router api) {
    api.add("POST", "/v1/refunds", this::create);
    api.add("GET", "/v1/refunds", this::list);
    api.add("GET", "/v1/refunds/{id}", req -> ok(require(req.pathParam("id")), req));
    api.add("POST", "/v1/refunds/{id}", this::update);
    api.add("GET", "/v1/charges/{id}/refunds", this::listForCharge);
  }

  private ObjectNode require(String id) {
    return state.store.require(id, "refund", "refund");
  }

  private Reply create(ApiRequest req) {
    Params p = req.params();
    ObjectNode charge = chargeToRefund(p);
    String chargeId = charge.get("id").asText();
    if (!charge.get("captured").asBoolean()) {
      throw ApiError.invalidRequest(
          "charge_not_refundable",
          "Charge " + chargeId + " has not been captured: cancel its PaymentIntent to release the funds instead.",
          null);
    }
    long remaining = charges.refundable(charge);
    if (remaining <= 0) {
      throw ApiError.invalidRequest(
          "charge_already_refunded", "Charge " + chargeId + " has already been refunded.", null);
    }
    long amount = p.amount("amount").orElse(remaining);
    if (amount > remaining) {
      throw ApiError.invalidRequest(
          "amount_too_large",
          "Refund amount (" + amount + ") is greater than unrefunded amount on charge (" + remaining + ")",
          "amount");
    }
    String reason = p.nonEmpty("reason").orElse(null);

    ObjectNode refund = newObject(Ids.next("re"), "refund");
    refund.put("amount", amount);
    refund.put("balance_transaction", Ids.next("txn"));
    refund.put("charge", chargeId);
    refund.put("created", Json.nowSeconds());
    refund.put("currency", charge.get("currency").asText());
    refund.set("customer", charge.get("customer").deepCopy());
    refund.putNull("customer_account");
    ObjectNode destination = refund.putObject("destination_details");
    ObjectNode card = destination.putObject("card");
    card.put("reference_status", "pending");
    card.put("reference_type", "acquirer_reference_number");
    card.put("type", "refund");
    destination.put("type", "card");
    refund.putObject("metadata");
    p.applyMetadata(refund);
    refund.set("payment_intent", charge.get("payment_intent").deepCopy());
    refund.set("payment_method", charge.get("payment_method").deepCopy());
    refund.put("reason", reason);
    refund.putNull("receipt_number");
    refund.putNull("source_transfer_reversal");
    refund.put("status", "true".equals(refund.path("metadata").path(PENDING_FLAG).asText()) ? "pending" : "succeeded");
    refund.putNull("transfer_reversal");
    state.store.put(refund);

    ObjectNode chargeBefore = charge.deepCopy();
    long refunded = charge.get("amount_refunded").asLong() + amount;
    charge.put("amount_refunded", refunded);
    charge.put("refunded", refunded >= charge.get("amount_captured").asLong());
    state.balance.debit(charge.get("currency").asText(), amount);

    state.events.record("refund.created", refund, req.origin());
    state.events.record("charge.refunded", charge, Json.previousAttributes(chargeBefore, charge), req.origin());
    return ok(refund, req);
  }

  private ObjectNode chargeToRefund(Params p) {
    var paymentIntentId = p.nonEmpty("payment_intent");
    var chargeId = p.nonEmpty("charge");
    if (paymentIntentId.isEmpty() && chargeId.isEmpty()) {
      throw ApiError.invalidRequest(
          "parameter_missing", "One of the following params should be provided for this request: payment_intent or charge.", null);
    }
    if (chargeId.isPresent()) {
      ObjectNode charge = state.store.requireReference(chargeId.get(), "charge", "charge");
      if (paymentIntentId.isPresent() && !paymentIntentId.get().equals(charge.path("payment_intent").asText())) {
        throw ApiError.invalidRequest(
            "Charge " + chargeId.get() + " does not belong to PaymentIntent " + paymentIntentId.get() + ".", "charge");
      }
      return charge;
    }
    ObjectNode pi = state.store.requireReference(paymentIntentId.get(), "payment_intent", "payment_intent");
    String status = pi.get("status").asText();
    if (!"succeeded".equals(status)) {
      throw ApiError.invalidRequest(
              "payment_intent_unexpected_state",
              "This PaymentIntent (" + pi.get("id").asText() + ") does not have a successful charge to refund; "
                  + "its status is " + status + ".",
              "payment_intent")
          .with("payment_intent", pi.deepCopy());
    }
    return charges.require(pi.get("latest_charge").asText());
  }

  private Reply update(ApiRequest req) {
    ObjectNode refund = require(req.pathParam("id"));
    ObjectNode before = refund.deepCopy();
    req.params().applyMetadata(refund);
    ObjectNode previous = Json.previousAttributes(before, refund);
    if (!previous.isEmpty()) {
      changed(refund, previous, req.origin());
    }
    return ok(refund, req);
  }

  /** Moves a pending refund to succeeded, or to failed which gives the money back to the charge. */
  ObjectNode settle(String id, boolean succeed, Origin origin) {
    ObjectNode refund = require(id);
    if (!"pending".equals(refund.get("status").asText())) {
      throw ApiError.invalidRequest(
          "Refund " + id + " is " + refund.get("status").asText() + ", only pending refunds can be settled.", null);
    }
    ObjectNode before = refund.deepCopy();
    ObjectNode charge = charges.require(refund.get("charge").asText());
    if (succeed) {
      refund.put("status", "succeeded");
    } else {
      refund.put("status", "failed");
      refund.put("failure_reason", "unknown");
      long amount = refund.get("amount").asLong();
      charge.put("amount_refunded", charge.get("amount_refunded").asLong() - amount);
      charge.put("refunded", false);
      state.balance.credit(charge.get("currency").asText(), amount);
    }
    changed(refund, Json.previousAttributes(before, refund), origin);
    return refund;
  }

  private void changed(ObjectNode refund, ObjectNode previous, Origin origin) {
    state.events.record("refund.updated", refund, previous, origin);
    state.events.record("charge.refund.updated", refund, previous, origin);
  }

  private Reply list(ApiRequest req) {
    Params p = req.params();
    var paymentIntent = p.nonEmpty("payment_intent");
    var charge = p.nonEmpty("charge");
    var refunds =
        state.store.newestFirst(
            "refund",
            r -> paymentIntent.map(id -> id.equals(r.path("payment_intent").asText())).orElse(true)
                && charge.map(id -> id.equals(r.path("charge").asText())).orElse(true));
    return ok(Pagination.page("/v1/refunds", refunds, p), req);
  }

  private Reply listForCharge(ApiRequest req) {
    String chargeId = charges.require(req.pathParam("id")).get("id").asText();
    return ok(listForCharge(state.store, chargeId, req.params()), req);
  }

  /** A charge's refunds, newest first: its refunds list, also what {@code expand[]=refunds} puts on the charge. */
  static ObjectNode listForCharge(ObjectStore store, String chargeId, Params params) {
    var refunds = store.newestFirst("refund", r -> chargeId.equals(r.path("charge").asText()));
    return Pagination.page("/v1/charges/" + chargeId + "/refunds", refunds, params);
  }
}
