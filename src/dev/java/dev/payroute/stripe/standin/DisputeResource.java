package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Disputes: opened by a test hook (the cardholder's bank), then retrievable and listable. While a
 * dispute {@code needs_response} the platform stages evidence ({@code submit=false}), submits it
 * (the default: the dispute goes {@code under_review}) or closes the dispute, accepting it as
 * {@code lost}; after that the evidence can no longer change (metadata still can).
 */
final class DisputeResource extends Resource {
  private static final Set<String> REASONS =
      Set.of("fraudulent", "duplicate", "product_not_received", "product_unacceptable", "subscription_canceled",
          "credit_not_processed", "general", "unrecognized");
  /** Evidence Stripe takes as text. */
  static final String[] TEXT_EVIDENCE = {
    "access_activity_log", "billing_address", "cancellation_policy_disclosure", "cancellation_rebuttal",
    "customer_email_address", "customer_name", "customer_purchase_ip", "duplicate_charge_explanation",
    "duplicate_charge_id", "product_description", "refund_policy_disclosure", "refund_refusal_explanation",
    "service_date", "shipping_address", "shipping_carrier", "shipping_date", "shipping_tracking_number",
    "uncategorized_text"
  };
  /** Evidence Stripe takes as the id of a file upload, which the stand-in does not have. */
  static final String[] FILE_EVIDENCE = {
    "cancellation_policy", "customer_communication", "customer_signature", "duplicate_charge_documentation",
    "receipt", "refund_policy", "service_documentation", "shipping_documentation", "uncategorized_file"
  };
  /** The dispute's evidence object, in Stripe's (alphabetical) order. */
  private static final List<String> ALL_EVIDENCE =
      Stream.concat(Arrays.stream(TEXT_EVIDENCE), Arrays.stream(FILE_EVIDENCE)).sorted().toList();
  /** Stripe's limit on all evidence text of a dispute together. */
  private static final int MAX_EVIDENCE_CHARACTERS = 150_000;
  /** The one status in which evidence can be staged or submitted and the dispute closed (accepted). */
  private static final String OPEN_STATUS = "needs_response";

  private final ChargeResource charges;

  DisputeResource(StandInState state, ChargeResource charges) {
    super(state);
    this.charges = charges;
  }

  @Override
  void register(Router api) {
    api.add("GET", "/v1/disputes", this::list);
    api.add("GET", "/v1/disputes/{id}", req -> ok(require(req.pathParam("id")), req));
    api.add("POST", "/v1/disputes/{id}", this::update);
    api.add("POST", "/v1/disputes/{id}/close", this::close);
  }

  private ObjectNode require(String id) {
    return state.store.require(id, "dispute", "dispute");
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
    for (String field : ALL_EVIDENCE) {
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

  /**
   * Stages or submits evidence and changes metadata. Evidence fields merge into what is staged (an
   * empty value unsets one); sending evidence, or {@code submit=true}, submits unless {@code
   * submit=false}. A metadata-only update submits nothing.
   */
  private Reply update(ApiRequest req) {
    ObjectNode dispute = require(req.pathParam("id"));
    Params p = req.params();
    ObjectNode before = dispute.deepCopy();
    ObjectNode draft = dispute.deepCopy();
    boolean touchesEvidence = p.has("evidence") || p.has("submit");
    if (touchesEvidence) {
      requireOpen(dispute, "have its evidence changed or submitted");
      ObjectNode evidence = (ObjectNode) draft.get("evidence");
      Params given = p.child("evidence");
      for (String field : TEXT_EVIDENCE) {
        given.string(field).ifPresent(v -> evidence.put(field, v.isEmpty() ? null : v));
      }
      requireWithinLimit(evidence, p.name("evidence"));
      ObjectNode details = (ObjectNode) draft.get("evidence_details");
      details.put("has_evidence", Arrays.stream(TEXT_EVIDENCE).anyMatch(f -> !evidence.get(f).isNull()));
      if (p.bool("submit").orElse(true)) {
        details.put("submission_count", details.get("submission_count").asInt() + 1);
        draft.put("status", "under_review");
      }
    }
    p.applyMetadata(draft);
    dispute.setAll(draft);
    ObjectNode previous = Json.previousAttributes(before, dispute);
    if (!previous.isEmpty()) {
      state.events.record("charge.dispute.updated", dispute, previous, req.origin());
    }
    return ok(dispute, req);
  }

  /** Accepts the dispute: it is lost, for good, and the disputed amount stays with the cardholder. */
  private Reply close(ApiRequest req) {
    ObjectNode dispute = require(req.pathParam("id"));
    requireOpen(dispute, "be closed");
    ObjectNode before = dispute.deepCopy();
    dispute.put("status", "lost");
    state.events.record("charge.dispute.closed", dispute, Json.previousAttributes(before, dispute), req.origin());
    return ok(dispute, req);
  }

  private static void requireOpen(ObjectNode dispute, String action) {
    String status = dispute.get("status").asText();
    if (!OPEN_STATUS.equals(status)) {
      throw ApiError.invalidRequest(
          "This dispute has a status of " + status + " and can no longer " + action + ". Only a dispute with a "
              + "status of " + OPEN_STATUS + " can.",
          null);
    }
  }

  private static void requireWithinLimit(ObjectNode evidence, String param) {
    int characters = 0;
    for (String field : TEXT_EVIDENCE) {
      characters += evidence.get(field).isNull() ? 0 : evidence.get(field).asText().length();
    }
    if (characters > MAX_EVIDENCE_CHARACTERS) {
      throw ApiError.invalidRequest(
          "The combined character count of all evidence fields is limited to " + MAX_EVIDENCE_CHARACTERS
              + " (" + characters + " given).",
          param);
    }
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
