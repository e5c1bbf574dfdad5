package dev.payroute.stripe.standin;

import java.util.List;

/** Events: retrieve and list (by {@code type}, which may end in {@code .*}, or {@code types[]}). */
final class EventResource extends Resource {
  EventResource(StandInState state) {
    super(state);
  }

  @Override
  void register(Router api) {
    api.add("GET", "/v1/events", this::list);
    api.add("GET", "/v1/events/{id}", req -> ok(state.store.require(req.pathParam("id"), "event", "id"), req));
  }

  private Reply list(ApiRequest req) {
    Params p = req.params();
    var type = p.nonEmpty("type");
    List<String> types = p.strings("types");
    var events =
        state.store.newestFirst(
            "event",
            e -> {
              String eventType = e.path("type").asText();
              return type.map(t -> matches(t, eventType)).orElse(true)
                  && (types.isEmpty() || types.stream().anyMatch(t -> matches(t, eventType)));
            });
    return ok(Pagination.page("/v1/events", events, p), req);
  }

  private static boolean matches(String pattern, String type) {
    return pattern.endsWith(".*") ? type.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(type);
  }
}
