package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Applies {@code expand[]}: each dotted path replaces an id string with a copy of the object it
 * names, e.g. {@code latest_charge}, {@code payment_intent.latest_charge}, or {@code
 * data.latest_charge} on a list or a search result. A few properties Stripe leaves out altogether unless expanded are
 * built on request: a charge's {@code refunds}, absent by default since API version 2022-11-15
 * (https://docs.stripe.com/changelog/2022-11-15/deprecates-charges-auto-expand), wherever the
 * charge appears (retrieved, listed, as a PaymentIntent's latest_charge or in an event).
 */
final class Expander {
  private static final int MAX_DEPTH = 4;

  private Expander() {}

  static void apply(ObjectNode body, List<String> paths, ObjectStore store) {
    for (String path : paths) {
      String[] segments = path.split("\\.");
      if (segments.length > MAX_DEPTH) {
        throw ApiError.invalidRequest(
            "You cannot expand more than " + MAX_DEPTH + " levels of a property.", "expand");
      }
      expand(body, segments, 0, path, store);
    }
  }

  private static void expand(ObjectNode node, String[] segments, int index, String path, ObjectStore store) {
    String field = segments[index];
    String objectType = node.path("object").asText();
    if (("list".equals(objectType) || "search_result".equals(objectType)) && "data".equals(field)) {
      if (index + 1 < segments.length) {
        node.path("data").forEach(item -> {
          if (item.isObject()) {
            expand((ObjectNode) item, segments, index + 1, path, store);
          }
        });
      }
      return;
    }
    if (!node.has(field)) {
      node.set(field, onlyWhenExpanded(node, field, path, store));
    }
    JsonNode value = node.get(field);
    if (value.isTextual()) {
      var target = store.find(value.asText());
      if (target.isEmpty()) {
        return;
      }
      value = target.get().deepCopy();
      node.set(field, value);
    }
    if (index + 1 < segments.length && value.isObject()) {
      expand((ObjectNode) value, segments, index + 1, path, store);
    }
  }

  private static JsonNode onlyWhenExpanded(ObjectNode node, String field, String path, ObjectStore store) {
    if ("charge".equals(node.path("object").asText()) && "refunds".equals(field)) {
      return RefundResource.listForCharge(store, node.get("id").asText(), Params.empty());
    }
    throw ApiError.invalidRequest("This property cannot be expanded (" + path + ").", "expand");
  }
}
