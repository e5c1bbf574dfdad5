package dev.payroute.stripe.standin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** Shared Jackson helpers; every Stripe object in the stand-in is a plain {@link ObjectNode}. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static ArrayNode array(String... values) {
    ArrayNode array = array();
    for (String value : values) {
      array.add(value);
    }
    return array;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON", e);
    }
  }

  static ObjectNode parseObject(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        return object();
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException("JSON body must be an object");
      }
      return (ObjectNode) node;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Invalid JSON body: " + e.getMessage(), e);
    }
  }

  static long nowSeconds() {
    return System.currentTimeMillis() / 1000L;
  }

  /** A Stripe list envelope; {@code url} is the API path that lists the same items. */
  static ObjectNode list(String url, Iterable<? extends JsonNode> items, boolean hasMore) {
    ObjectNode list = object();
    list.put("object", "list");
    ArrayNode data = list.putArray("data");
    items.forEach(data::add);
    list.put("has_more", hasMore);
    list.put("url", url);
    return list;
  }

  /** Top-level attributes of {@code before} whose values differ in {@code after}, as Stripe puts in {@code previous_attributes}. */
  static ObjectNode previousAttributes(ObjectNode before, ObjectNode after) {
    ObjectNode previous = object();
    Iterator<Map.Entry<String, JsonNode>> fields = before.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().equals(after.get(field.getKey()))) {
        previous.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    return previous;
  }
}
