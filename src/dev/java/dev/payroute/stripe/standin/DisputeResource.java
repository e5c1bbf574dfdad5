package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Set;

/** Disputes: opened by a test hook (the cardholder's bank), then retrievable and listable. */
final class DisputeResource extends Resource {
  private static final Set<String> REASONS =
      Set.of("fraudulent", "duplicate", "product_not_received", "product_unacceptable", "subscription_canceled",
          "credit_not_processed", "general", "unrecognized");
  private static final String[] EVIDENCE_FIELDS = {
    "access_activity_log", "billing_address", "cancellation_policy", "cancellation_policy_disclosure",
    "cancellation_rebuttal", "customer_communication", "customer_email_address", "customer_name",
    "customer_purchase_ip", "customer_signature", "duplicate_charge_documentation",
    "duplicate_charge_explanation", "duplicate_charge_id", "product_description", "receipt", "refund_policy",
    "refund_policy_disclosure", "refund_refusal_explanation", "service_date", "service_documentation",
    "shipping_address", "shipping_carrier", "shipping_date", "shipping_documentation",
    "shipping_tracking_number", "uncategorized_file", "uncategorized_text"
  };

  private final ChargeResource charges;

  DisputeResource(StandInState state, ChargeResource charges) {
    super(state);
    this.charges = charges;
  }

  @Override
  void register(Router api) {
    api.add("GET", "/v1/disputes", this::list);
    api.add("GET", "/v1/disputes/{id}", req -> ok(state.store.require(req.pathParam("id"), "dispute", "dispute"), req));
  }

  /** Opens a dispute over the captured charge; the disputed amount leaves the balance. */
  ObjectNode open(String chargeId, Params p, Origin origin) {
    ObjectNode charge = charges.require(chargeId);
    if (!charge.get("captured").asBoolean()) {
      throw ApiError.invalidRequest("Charge " + chargeId + " is not captured and cannot be disputed.", "charge");
    }
    if (charge.get("disputed").asBoolean()) {
      throw ApiError.invalidRequest("Charge " + chargeId + " is already disputed.", "charge");
    }
    long amount = p.amount("amount").orElse(charge.get("amount_captured").asLong());
    String reason = p.oneOf("reason", REASONS).orElse("fraudulent");
    long now = Json.nowSeconds();
    ObjectNode dispute = newObject(Ids.next("dp"), "dispute");
    dispute.put("amount", amount);
    dispute.putArray("balance_transactions");
    dispute.put("charge", chargeId);
    dispute.put("created", now);
    dispute.put("currency", charge.get("currency").asText());
    dispute.putArray("enhanced_eligibility_types");
    ObjectNode evidence = dispute.putObject("evidence");
    for (String field : EVIDENCE_FIELDS) {
      evidence.putNull(field);
    }
    evidence.putObject("enhanced_evidence");
    ObjectNode evidenceDetails = dispute.putObject("evidence_details");
    evidenceDetails.put("due_by", now + Duration.ofDays(7).toSeconds());
    evidenceDetails.putObject("enhanced_eligibility");
    evidenceDetails.put("has_evidence", false);
    evidenceDetails.put("past_due", false);
    evidenceDetails.put("submission_count", 0);
    dispute.put("is_charge_refundable", false);
    dispute.put("livemode", false);
    dispute.putObject("metadata");
    dispute.set("payment_intent", charge.get("payment_intent").deepCopy());
    ObjectNode details = dispute.putObject("payment_method_details");
    ObjectNode card = details.putObject("card");
    JsonNode chargeCard = charge.path("payment_method_details").path("card");
    card.put("brand", chargeCard.path("brand").asText());
    card.put("case_type", "chargeback");
    card.set("network", chargeCard.path("network").deepCopy());
    card.put("network_reason_code", "10.4");
    details.put("type", "card");
    dispute.put("reason", reason);
    dispute.put("status", "needs_response");
    state.store.put(dispute);

    ObjectNode before = charge.deepCopy();
    charge.put("disputed", true);
    state.balance.debit(charge.get("currency").asText(), amount);
    state.events.record("charge.dispute.created", dispute, origin);
    state.events.record("charge.updated", charge, Json.previousAttributes(before, charge), origin);
    return dispute;
  }

  private Reply list(ApiRequest req) {
    Params p = req.params();
    var charge = p.nonEmpty("charge");
    var paymentIntent = p.nonEmpty("payment_intent");
    var disputes =
        state.store.newestFirst(
            "dispute",
            d -> charge.map(c -> c.equals(d.path("charge").asText())).orElse(true)
                && paymentIntent.map(pi -> pi.equals(d.path("payment_intent").asText())).orElse(true));
    return ok(Pagination.page("/v1/disputes", disputes, p), req);
  }
}
