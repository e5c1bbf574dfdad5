package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Stripe's cursor pagination ({@code limit}, {@code starting_after}, {@code ending_before}) over a newest-first list.
 * Lists carry no total_count: 2025-03-31.basil removed it, and {@code include[]=total_count} is no list
 * parameter of this version, so the request check refuses it as unknown
 * (https://docs.stripe.com/changelog/basil/2025-03-31/deprecate-total-count-expansion).
 */
final class Pagination {
  private static final int DEFAULT_LIMIT = 10;
  private static final int MAX_LIMIT = 100;

  private Pagination() {}

  static ObjectNode page(String url, List<ObjectNode> all, Params params) {
    List<ObjectNode> newestFirst = all.stream().filter(createdFilter(params)).toList();
    long limit = limit(params);
    int from = 0;
    int to = newestFirst.size();
    var startingAfter = params.nonEmpty("starting_after");
    var endingBefore = params.nonEmpty("ending_before");
    if (startingAfter.isPresent()) {
      from = indexOf(newestFirst, startingAfter.get(), "starting_after") + 1;
      to = (int) Math.min(newestFirst.size(), from + limit);
    } else if (endingBefore.isPresent()) {
      to = indexOf(newestFirst, endingBefore.get(), "ending_before");
      from = (int) Math.max(0, to - limit);
    } else {
      to = (int) Math.min(newestFirst.size(), limit);
    }
    boolean hasMore = endingBefore.isPresent() && startingAfter.isEmpty() ? from > 0 : to < newestFirst.size();
    List<ObjectNode> page =
        newestFirst.subList(from, to).stream().map(ObjectNode::deepCopy).toList();
    return Json.list(url, page, hasMore);
  }

  /** The page size asked for ({@code limit}, 1 to 100, default 10), as lists and searches take it. */
  static long limit(Params params) {
    long limit = params.integer("limit").orElse((long) DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiError.invalidRequest(
          "This value must be greater than or equal to 1 and less than or equal to 100.", "limit");
    }
    return limit;
  }

  /**
   * Stripe's {@code created} filter: an exact second ({@code created=1700000000}) or bounds
   * ({@code created[gte]=...&created[lt]=...}); the request check has made sure they are integers.
   */
  private static Predicate<ObjectNode> createdFilter(Params params) {
    var filter = params.raw().get("created");
    if (filter == null || filter.isNull() || filter.asText().isEmpty() && !filter.isObject()) {
      return o -> true;
    }
    if (!filter.isObject()) {
      long exact = params.integer("created").orElseThrow();
      return o -> o.path("created").asLong() == exact;
    }
    Params bounds = params.child("created");
    Optional<Long> gt = bounds.integer("gt");
    Optional<Long> gte = bounds.integer("gte");
    Optional<Long> lt = bounds.integer("lt");
    Optional<Long> lte = bounds.integer("lte");
    return o -> {
      long created = o.path("created").asLong();
      return gt.map(b -> created > b).orElse(true) && gte.map(b -> created >= b).orElse(true)
          && lt.map(b -> created < b).orElse(true) && lte.map(b -> created <= b).orElse(true);
    };
  }

  private static int indexOf(List<ObjectNode> items, String id, String param) {
    for (int i = 0; i < items.size(); i++) {
      if (id.equals(items.get(i).path("id").asText())) {
        return i;
      }
    }
    throw ApiError.invalidRequest("No such object: '" + id + "'", param);
  }
}
