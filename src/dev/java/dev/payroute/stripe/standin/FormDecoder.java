package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes Stripe's bracketed form encoding ({@code metadata[order_id]=x}, {@code
 * payment_method_types[0]=card}, {@code expand[]=latest_charge}) into a nested JSON tree whose
 * leaves are strings.
 */
final class FormDecoder {
  private FormDecoder() {}

  static ObjectNode decode(String... encodedParts) {
    ObjectNode root = Json.object();
    for (String encoded : encodedParts) {
      if (encoded == null || encoded.isEmpty()) {
        continue;
      }
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = urlDecode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : urlDecode(pair.substring(eq + 1));
        put(root, parseKey(key), value);
      }
    }
    return (ObjectNode) arraysFromIndexedObjects(root, null);
  }

  /** {@code a[b][0]} becomes [a, b, 0]; an empty pair of brackets means "append". */
  static List<String> parseKey(String key) {
    List<String> segments = new ArrayList<>();
    int open = key.indexOf('[');
    if (open < 0) {
      segments.add(key);
      return segments;
    }
    segments.add(key.substring(0, open));
    int i = open;
    while (i < key.length()) {
      if (key.charAt(i) != '[') {
        throw new IllegalArgumentException("Invalid parameter name: " + key);
      }
      int close = key.indexOf(']', i);
      if (close < 0) {
        throw new IllegalArgumentException("Invalid parameter name: " + key);
      }
      segments.add(key.substring(i + 1, close));
      i = close + 1;
    }
    if (segments.get(0).isEmpty()) {
      throw new IllegalArgumentException("Invalid parameter name: " + key);
    }
    return segments;
  }

  private static void put(ObjectNode root, List<String> segments, String value) {
    ObjectNode node = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      String segment = appendIndex(node, segments.get(i));
      JsonNode child = node.get(segment);
      if (child == null || !child.isObject()) {
        child = node.putObject(segment);
      }
      node = (ObjectNode) child;
    }
    node.put(appendIndex(node, segments.get(segments.size() - 1)), value);
  }

  private static String appendIndex(ObjectNode node, String segment) {
    return segment.isEmpty() ? Integer.toString(node.size()) : segment;
  }

  /**
   * Objects whose keys are all indexes become arrays. Metadata is left alone because its keys are
   * the caller's own and may well be digits.
   */
  private static JsonNode arraysFromIndexedObjects(JsonNode node, String name) {
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = (ObjectNode) node;
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    List<Map.Entry<String, JsonNode>> converted = new ArrayList<>();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      converted.add(Map.entry(field.getKey(), arraysFromIndexedObjects(field.getValue(), field.getKey())));
    }
    converted.forEach(e -> object.set(e.getKey(), e.getValue()));
    if ("metadata".equals(name) || object.isEmpty() || !allIndexes(object)) {
      return object;
    }
    TreeMap<Integer, JsonNode> ordered = new TreeMap<>();
    object.fields().forEachRemaining(e -> ordered.put(Integer.parseInt(e.getKey()), e.getValue()));
    ArrayNode array = Json.array();
    ordered.values().forEach(array::add);
    return array;
  }

  private static boolean allIndexes(ObjectNode object) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.isEmpty() || name.length() > 6 || !name.chars().allMatch(Character::isDigit)) {
        return false;
      }
    }
    return true;
  }

  private static String urlDecode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
