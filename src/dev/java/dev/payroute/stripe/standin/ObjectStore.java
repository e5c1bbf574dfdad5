package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every stored Stripe object by id, in creation order. Not thread-safe by itself: callers hold the
 * {@link StandInState} lock.
 */
final class ObjectStore {
  private final Map<String, ObjectNode> objects = new LinkedHashMap<>();

  void put(ObjectNode object) {
    objects.put(object.get("id").asText(), object);
  }

  Optional<ObjectNode> find(String id) {
    return Optional.ofNullable(id == null ? null : objects.get(id));
  }

  Optional<ObjectNode> find(String id, String objectType) {
    return find(id).filter(o -> objectType.equals(o.path("object").asText()));
  }

  /** The object named in the URL, or Stripe's 404. */
  ObjectNode require(String id, String objectType, String param) {
    return find(id, objectType).orElseThrow(() -> ApiError.resourceMissing(objectType, id, param));
  }

  /** The object named by a request parameter, or Stripe's 400. */
  ObjectNode requireReference(String id, String objectType, String param) {
    return find(id, objectType).orElseThrow(() -> ApiError.missingReference(objectType, id, param));
  }

  /** Objects of one type, newest first, as Stripe lists them. */
  List<ObjectNode> newestFirst(String objectType, Predicate<ObjectNode> filter) {
    List<ObjectNode> result = new ArrayList<>();
    for (ObjectNode object : objects.values()) {
      if (objectType.equals(object.path("object").asText()) && filter.test(object)) {
        result.add(object);
      }
    }
    java.util.Collections.reverse(result);
    return result;
  }
}
