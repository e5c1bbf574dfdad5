package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Stripe's cursor pagination ({@code limit}, {@code starting_after}, {@code ending_before}) over a newest-first list.
 * Lists carry no total_count: 2025-03-31.basil removed it and refuses {@code include[]=total_count}
 * (https://docs.stripe.com/changelog/basil/2025-03-31/deprecate-total-count-expansion).
 */
final class Pagination {
  private static final int DEFAULT_LIMIT = 10;
  private static final int MAX_LIMIT = 100;

  private Pagination() {}

  static ObjectNode page(String url, List<ObjectNode> newestFirst, Params params) {
    if (params.strings("include").contains("total_count")) {
      throw ApiError.invalidRequest(
          "Lists no longer carry total_count (since API version 2025-03-31.basil): page with has_more instead.",
          "include");
    }
    long limit = params.integer("limit").orElse((long) DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiError.invalidRequest(
          "This value must be greater than or equal to 1 and less than or equal to 100.", "limit");
    }
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

  private static int indexOf(List<ObjectNode> items, String id, String param) {
    for (int i = 0; i < items.size(); i++) {
      if (id.equals(items.get(i).path("id").asText())) {
        return i;
      }
    }
    throw ApiError.invalidRequest("No such object: '" + id + "'", param);
  }
}
