package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Transfer reversals ({@code /v1/transfers/{id}/reversals}): the platform takes back all or part of
 * a transfer. Reversals together never exceed the transfer's amount; each one returns its amount to
 * the platform balance (the mirror of the debit the transfer made, see {@link Balance}), updates the
 * transfer's {@code amount_reversed}, {@code reversed} (true once nothing is left) and embedded
 * {@code reversals} list, and sends {@code transfer.reversed} with the transfer, as Stripe does for
 * full and partial reversals alike. The connected account's own balance is not modelled, so a
 * reversal is never refused for want of funds there.
 */
final class TransferReversalResource extends Resource {
  /** How many reversals the transfer object embeds, newest first, as Stripe embeds lists. */
  private static final int EMBEDDED = 10;

  TransferReversalResource(StandInState state) {
    super(state);
  }

  @Override
  void register(Router api) {
    api.add("POST", "/v1/transfers/{id}/reversals", this::create);
    api.add("GET", "/v1/transfers/{id}/reversals", this::list);
    api.add("GET", "/v1/transfers/{id}/reversals/{reversal}", req -> ok(require(req), req));
    api.add("POST", "/v1/transfers/{id}/reversals/{reversal}", this::update);
  }

  private ObjectNode transfer(ApiRequest req) {
    return state.store.require(req.pathParam("id"), "transfer", "id");
  }

  /** The reversal named in the URL, if it belongs to the transfer named there. */
  private ObjectNode require(ApiRequest req) {
    String transferId = transfer(req).get("id").asText();
    String id = req.pathParam("reversal");
    return state.store.find(id, "transfer_reversal")
        .filter(r -> transferId.equals(r.path("transfer").asText()))
        .orElseThrow(() -> ApiError.resourceMissing("transfer reversal", id, "id"));
  }

  private Reply create(ApiRequest req) {
    ObjectNode transfer = transfer(req);
    String transferId = transfer.get("id").asText();
    Params p = req.params();
    long remaining = transfer.get("amount").asLong() - transfer.get("amount_reversed").asLong();
    if (remaining == 0) {
      throw ApiError.invalidRequest("Transfer " + transferId + " has already been fully reversed.", null);
    }
    long amount = p.amount("amount").orElse(remaining);
    if (amount > remaining) {
      throw ApiError.invalidRequest(
          "The reversal amount (" + amount + ") is greater than what remains of transfer " + transferId
              + " to reverse (" + remaining + ").",
          "amount");
    }
    String currency = transfer.get("currency").asText();
    ObjectNode reversal = newObject(Ids.next("trr"), "transfer_reversal");
    reversal.put("amount", amount);
    reversal.put("balance_transaction", Ids.next("txn"));
    reversal.put("created", Json.nowSeconds());
    reversal.put("currency", currency);
    reversal.put("destination_payment_refund", Ids.next("pyr"));
    reversal.putObject("metadata");
    p.applyMetadata(reversal);
    reversal.putNull("source_refund");
    reversal.put("transfer", transferId);
    state.store.put(reversal);

    ObjectNode before = transfer.deepCopy();
    transfer.put("amount_reversed", transfer.get("amount_reversed").asLong() + amount);
    transfer.put("reversed", amount == remaining);
    embedReversals(transfer);
    state.balance.credit(currency, amount);
    state.events.record("transfer.reversed", transfer, Json.previousAttributes(before, transfer), req.origin());
    return ok(reversal, req);
  }

  /** Metadata only; Stripe sends no event for it. */
  private Reply update(ApiRequest req) {
    ObjectNode reversal = require(req);
    req.params().applyMetadata(reversal);
    embedReversals(transfer(req));
    return ok(reversal, req);
  }

  private Reply list(ApiRequest req) {
    String transferId = transfer(req).get("id").asText();
    return ok(Pagination.page("/v1/transfers/" + transferId + "/reversals", reversalsOf(transferId), req.params()), req);
  }

  private List<ObjectNode> reversalsOf(String transferId) {
    return state.store.newestFirst("transfer_reversal", r -> transferId.equals(r.path("transfer").asText()));
  }

  private void embedReversals(ObjectNode transfer) {
    String transferId = transfer.get("id").asText();
    List<ObjectNode> all = reversalsOf(transferId);
    List<ObjectNode> shown = all.subList(0, Math.min(EMBEDDED, all.size())).stream().map(ObjectNode::deepCopy).toList();
    ObjectNode list = Json.list("/v1/transfers/" + transferId + "/reversals", shown, all.size() > EMBEDDED);
    transfer.set("reversals", list);
  }
}
