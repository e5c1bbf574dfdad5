package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /v1/payment_intents/search} and {@code GET /v1/charges/search}: the objects a {@link
 * SearchQuery} selects, newest first, in Stripe's {@code search_result} ({@code data}, {@code
 * has_more}, {@code next_page}, {@code url}; {@code total_count} with {@code expand[]=total_count}).
 * {@code limit} is 1 to 100 (default 10); {@code page} takes a previous answer's {@code next_page}.
 *
 * <p>Its routes must be registered before the resources' {@code /{id}} routes: the router takes the
 * first template that matches, and {@code /v1/charges/{id}} matches {@code /v1/charges/search} too.
 */
final class SearchResource extends Resource {
  /** Stripe's query fields for PaymentIntents. */
  private static final Map<String, SearchQuery.Field> PAYMENT_INTENT_FIELDS = Map.of(
      "amount", SearchQuery.Field.numeric("amount"),
      "created", SearchQuery.Field.numeric("created"),
      "currency", SearchQuery.Field.token("currency"),
      "customer", SearchQuery.Field.token("customer"),
      "metadata", SearchQuery.Field.token(o -> MissingNode.getInstance()),
      "status", SearchQuery.Field.token("status"));
  /** Stripe's query fields for Charges (card payments: the only source the stand-in makes). */
  private static final Map<String, SearchQuery.Field> CHARGE_FIELDS = Map.ofEntries(
      Map.entry("amount", SearchQuery.Field.numeric("amount")),
      Map.entry("billing_details.address.postal_code", SearchQuery.Field.token("billing_details.address.postal_code")),
      Map.entry("created", SearchQuery.Field.numeric("created")),
      Map.entry("currency", SearchQuery.Field.token("currency")),
      Map.entry("customer", SearchQuery.Field.token("customer")),
      Map.entry("disputed", SearchQuery.Field.token("disputed")),
      Map.entry("metadata", SearchQuery.Field.token(o -> MissingNode.getInstance())),
      Map.entry("payment_method_details.card.brand", SearchQuery.Field.token("payment_method_details.card.brand")),
      Map.entry("payment_method_details.card.exp_month", SearchQuery.Field.token("payment_method_details.card.exp_month")),
      Map.entry("payment_method_details.card.exp_year", SearchQuery.Field.token("payment_method_details.card.exp_year")),
      Map.entry(
          "payment_method_details.card.fingerprint", SearchQuery.Field.token("payment_method_details.card.fingerprint")),
      Map.entry("payment_method_details.card.last4", SearchQuery.Field.token("payment_method_details.card.last4")),
      Map.entry("refunded", SearchQuery.Field.token(SearchResource::refunded)),
      Map.entry("status", SearchQuery.Field.token("status")));

  SearchResource(StandInState state) {
    super(state);
  }

  @Override
  void register(Router api) {
    api.add("GET", "/v1/payment_intents/search",
        req -> search(req, "payment_intent", "/v1/payment_intents/search", PAYMENT_INTENT_FIELDS));
    api.add("GET", "/v1/charges/search", req -> search(req, "charge", "/v1/charges/search", CHARGE_FIELDS));
  }

  /** Stripe's {@code refunded} search token: "true" fully refunded, "false" partly, empty when not at all. */
  private static JsonNode refunded(ObjectNode charge) {
    if (charge.path("amount_refunded").asLong() == 0) {
      return MissingNode.getInstance();
    }
    return TextNode.valueOf(String.valueOf(charge.path("refunded").asBoolean()));
  }

  private Reply search(ApiRequest req, String objectType, String url, Map<String, SearchQuery.Field> fields) {
    Params p = req.params();
    Predicate<ObjectNode> selected = SearchQuery.parse(p.requiredString("query"), fields);
    long limit = Pagination.limit(p);
    List<ObjectNode> newestFirst = state.store.newestFirst(objectType, o -> true);
    int from = p.nonEmpty("page").map(page -> afterCursor(newestFirst, page)).orElse(0);
    List<ObjectNode> data = new ArrayList<>();
    boolean hasMore = false;
    for (ObjectNode candidate : newestFirst.subList(from, newestFirst.size())) {
      if (selected.test(candidate)) {
        if (data.size() == limit) {
          hasMore = true;
          break;
        }
        data.add(candidate.deepCopy());
      }
    }
    ObjectNode result = Json.object();
    result.put("object", "search_result");
    result.putArray("data").addAll(data);
    result.put("has_more", hasMore);
    result.put("next_page", hasMore ? cursorAfter(data.get(data.size() - 1)) : null);
    result.put("url", url);
    List<String> expand = new ArrayList<>(p.strings("expand"));
    if (expand.remove("total_count")) {
      result.put("total_count", newestFirst.stream().filter(selected).count());
    }
    Expander.apply(result, expand, state.store);
    return Reply.json(200, result);
  }

  /** An opaque {@code next_page}: the next page starts after this object, whatever is created meanwhile. */
  private static String cursorAfter(ObjectNode last) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(last.get("id").asText().getBytes(StandardCharsets.UTF_8));
  }

  private static int afterCursor(List<ObjectNode> newestFirst, String page) {
    String id;
    try {
      id = new String(Base64.getUrlDecoder().decode(page), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notOurs) {
      throw invalidPage(page);
    }
    for (int i = 0; i < newestFirst.size(); i++) {
      if (id.equals(newestFirst.get(i).path("id").asText())) {
        return i + 1;
      }
    }
    throw invalidPage(page);
  }

  private static ApiError invalidPage(String page) {
    return ApiError.invalidRequest(
        "Invalid page: '" + page + "' is not a next_page this search answered.", "page");
  }
}
