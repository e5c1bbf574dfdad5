package dev.payroute.stripe.standin;

/** {@code GET /v1/balance}: the platform's available funds per currency. */
final class BalanceResource extends Resource {
  BalanceResource(StandInState state) {
    super(state);
  }

  @Override
  void register(Router api) {
    api.add("GET", "/v1/balance", req -> ok(state.balance.toJson(), req));
  }
}
