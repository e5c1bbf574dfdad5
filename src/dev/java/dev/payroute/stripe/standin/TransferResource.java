package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Connect transfers from the platform balance to a connected account (one that exists, is not
 * deleted and has the {@code transfers} capability active). The amount must be covered by the
 * available balance (and, with {@code source_transaction}, by what is left of that charge after the
 * transfers already made from it, net of their reversals: {@link TransferReversalResource}).
 */
final class TransferResource extends Resource {
  private final AccountResource accounts;

  TransferResource(StandInState state, AccountResource accounts) {
    super(state);
    this.accounts = accounts;
  }

  @Override
  void register(Router api) {
    api.add("POST", "/v1/transfers", this::create);
    api.add("GET", "/v1/transfers", this::list);
    api.add("GET", "/v1/transfers/{id}", req -> ok(state.store.require(req.pathParam("id"), "transfer", "id"), req));
    api.add("POST", "/v1/transfers/{id}", this::update);
  }

  private Reply create(ApiRequest req) {
    Params p = req.params();
    long amount = p.requiredAmount("amount");
    String currency = p.requiredCurrency("currency");
    String destination = p.requiredString("destination");
    java.util.Optional<ObjectNode> account = accounts.find(destination);
    if (accounts.isPlatform(destination) || account.isEmpty()) {
      throw ApiError.invalidRequest(
          "resource_missing",
          "No such destination: '" + destination + "'",
          "destination");
    }
    if (!"active".equals(account.get().path("capabilities").path("transfers").asText())) {
      throw ApiError.invalidRequest(
          "insufficient_capabilities_for_transfer",
          "Your destination account needs to have at least one of the following capabilities enabled: transfers,"
              + " crypto_transfers, legacy_payments",
          "destination");
    }
    String sourceTransaction = p.nonEmpty("source_transaction").orElse(null);
    if (sourceTransaction != null) {
      ObjectNode charge = state.store.requireReference(sourceTransaction, "charge", "source_transaction");
      long left = charge.get("amount_captured").asLong() - charge.get("amount_refunded").asLong() - transferredFrom(sourceTransaction);
      if (amount > left) {
        throw ApiError.invalidRequest(
            "amount_too_large",
            "The transfer amount (" + amount + ") exceeds what remains of source_transaction " + sourceTransaction
                + " (" + left + ").",
            "amount");
      }
    }
    long available = state.balance.available(currency);
    if (amount > available) {
      throw ApiError.invalidRequest(
          "balance_insufficient",
          "You have insufficient available funds in your Stripe account (" + available + " " + currency
              + " available, " + amount + " requested).",
          null);
    }
    String id = Ids.next("tr");
    ObjectNode transfer = newObject(id, "transfer");
    transfer.put("amount", amount);
    transfer.put("amount_reversed", 0);
    transfer.put("balance_transaction", Ids.next("txn"));
    transfer.put("created", Json.nowSeconds());
    transfer.put("currency", currency);
    transfer.put("description", p.nonEmpty("description").orElse(null));
    transfer.put("destination", destination);
    transfer.put("destination_payment", Ids.next("py"));
    transfer.put("livemode", false);
    transfer.putObject("metadata");
    p.applyMetadata(transfer);
    ObjectNode reversals = Json.list("/v1/transfers/" + id + "/reversals", java.util.List.of(), false);
    transfer.set("reversals", reversals);
    transfer.put("reversed", false);
    transfer.put("source_transaction", sourceTransaction);
    transfer.put("source_type", "card");
    transfer.put("transfer_group", p.nonEmpty("transfer_group").orElse(null));
    state.store.put(transfer);
    state.balance.debit(currency, amount);
    state.events.record("transfer.created", transfer, req.origin());
    return ok(transfer, req);
  }

  /** What transfers from this charge still hold: a reversed amount can be transferred again. */
  private long transferredFrom(String chargeId) {
    return state.store.newestFirst("transfer", t -> chargeId.equals(t.path("source_transaction").asText()))
        .stream()
        .mapToLong(t -> t.get("amount").asLong() - t.get("amount_reversed").asLong())
        .sum();
  }

  private Reply update(ApiRequest req) {
    ObjectNode transfer = state.store.require(req.pathParam("id"), "transfer", "id");
    ObjectNode before = transfer.deepCopy();
    ObjectNode draft = transfer.deepCopy();
    req.params().applyMetadata(draft);
    req.params().string("description").ifPresent(d -> draft.put("description", d.isEmpty() ? null : d));
    transfer.setAll(draft);
    ObjectNode previous = Json.previousAttributes(before, transfer);
    if (!previous.isEmpty()) {
      state.events.record("transfer.updated", transfer, previous, req.origin());
    }
    return ok(transfer, req);
  }

  private Reply list(ApiRequest req) {
    Params p = req.params();
    var destination = p.nonEmpty("destination");
    var group = p.nonEmpty("transfer_group");
    var transfers =
        state.store.newestFirst(
            "transfer",
            t -> destination.map(d -> d.equals(t.path("destination").asText())).orElse(true)
                && group.map(g -> g.equals(t.path("transfer_group").asText())).orElse(true));
    return ok(Pagination.page("/v1/transfers", transfers, p), req);
  }
}
