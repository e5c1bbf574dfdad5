package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, validating access to decoded request parameters. Failures are Stripe's 400 answers naming
 * the offending parameter by its full bracketed name, e.g. {@code line_items[0][quantity]}.
 */
final class Params {
  private static final int METADATA_MAX_KEYS = 50;
  private static final int METADATA_MAX_KEY_LENGTH = 40;
  private static final int METADATA_MAX_VALUE_LENGTH = 500;

  private final ObjectNode node;
  private final String prefix;

  Params(ObjectNode node) {
    this(node, "");
  }

  private Params(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  static Params empty() {
    return new Params(Json.object());
  }

  ObjectNode raw() {
    return node;
  }

  String name(String key) {
    return prefix.isEmpty() ? key : prefix + "[" + key + "]";
  }

  boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  Optional<String> string(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isContainerNode()) {
      throw ApiError.invalidRequest("Invalid string: " + name(key), name(key));
    }
    return Optional.of(value.asText());
  }

  /** A string where an empty value, Stripe's way of saying "unset", reads as absent. */
  Optional<String> nonEmpty(String key) {
    return string(key).filter(s -> !s.isEmpty());
  }

  String requiredString(String key) {
    return nonEmpty(key).orElseThrow(() -> ApiError.missingParam(name(key)));
  }

  Optional<Long> integer(String key) {
    Optional<String> text = nonEmpty(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text.get().trim()));
    } catch (NumberFormatException e) {
      throw ApiError.invalidRequest(
          "parameter_invalid_integer", "Invalid integer: " + text.get(), name(key));
    }
  }

  long requiredInteger(String key) {
    return integer(key).orElseThrow(() -> ApiError.missingParam(name(key)));
  }

  /** A positive amount in minor units. */
  Optional<Long> amount(String key) {
    Optional<Long> amount = integer(key);
    amount.ifPresent(
        a -> {
          if (a < 1) {
            throw ApiError.invalidRequest(
                "parameter_invalid_integer", "This value must be greater than or equal to 1.", name(key));
          }
          if (a > 99_999_999L) {
            throw ApiError.invalidRequest(
                "amount_too_large", "Amount must be no more than 99999999.", name(key));
          }
        });
    return amount;
  }

  long requiredAmount(String key) {
    return amount(key).orElseThrow(() -> ApiError.missingParam(name(key)));
  }

  Optional<Boolean> bool(String key) {
    Optional<String> text = nonEmpty(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    switch (text.get()) {
      case "true":
        return Optional.of(true);
      case "false":
        return Optional.of(false);
      default:
        throw ApiError.invalidRequest("Invalid boolean: " + text.get(), name(key));
    }
  }

  /** A lower-case ISO currency code that Stripe supports. */
  String requiredCurrency(String key) {
    String currency = requiredString(key).toLowerCase(java.util.Locale.ROOT);
    if (!currency.matches("[a-z]{3}")) {
      throw ApiError.invalidRequest("Invalid currency: " + currency, name(key));
    }
    Currencies.requireSupported(currency, name(key));
    return currency;
  }

  Optional<String> oneOf(String key, Set<String> allowed) {
    Optional<String> value = nonEmpty(key);
    value.ifPresent(
        v -> {
          if (!allowed.contains(v)) {
            throw ApiError.invalidRequest(
                "Invalid " + name(key) + ": must be one of " + String.join(", ", allowed.stream().sorted().toList()),
                name(key));
          }
        });
    return value;
  }

  Params child(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return new Params(Json.object(), name(key));
    }
    if (!value.isObject()) {
      throw ApiError.invalidRequest("Invalid object: " + name(key), name(key));
    }
    return new Params((ObjectNode) value, name(key));
  }

  List<Params> list(String key) {
    JsonNode value = node.get(key);
    List<Params> items = new ArrayList<>();
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return items;
    }
    if (!value.isArray()) {
      throw ApiError.invalidRequest("Invalid array: " + name(key), name(key));
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isObject()) {
        throw ApiError.invalidRequest("Invalid object: " + name(key) + "[" + i + "]", name(key) + "[" + i + "]");
      }
      items.add(new Params((ObjectNode) item, name(key) + "[" + i + "]"));
    }
    return items;
  }

  List<String> strings(String key) {
    JsonNode value = node.get(key);
    List<String> items = new ArrayList<>();
    if (value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())) {
      return items;
    }
    if (value.isArray()) {
      value.forEach(v -> items.add(v.asText()));
    } else if (value.isValueNode()) {
      items.add(value.asText());
    } else {
      throw ApiError.invalidRequest("Invalid array: " + name(key), name(key));
    }
    return items;
  }

  /**
   * Applies a {@code metadata} parameter to an object like Stripe: keys merge, an empty value
   * deletes a key, and an empty {@code metadata} clears everything.
   */
  void applyMetadata(ObjectNode target) {
    JsonNode value = node.get("metadata");
    if (value == null || value.isNull()) {
      return;
    }
    // Work on a copy so that a rejected key leaves the object untouched.
    JsonNode current = target.get("metadata");
    ObjectNode metadata = current != null && current.isObject() ? current.deepCopy() : Json.object();
    if (value.isTextual() && value.asText().isEmpty()) {
      target.set("metadata", Json.object());
      return;
    }
    if (!value.isObject()) {
      throw ApiError.invalidRequest("Invalid object: " + name("metadata"), name("metadata"));
    }
    for (Map.Entry<String, JsonNode> entry : iterable(value)) {
      String key = entry.getKey();
      String param = name("metadata") + "[" + key + "]";
      if (key.length() > METADATA_MAX_KEY_LENGTH) {
        throw ApiError.invalidRequest(
            "Metadata keys can have up to " + METADATA_MAX_KEY_LENGTH + " characters.", param);
      }
      String text = entry.getValue().isValueNode() ? entry.getValue().asText() : null;
      if (text == null) {
        throw ApiError.invalidRequest("Invalid string: " + param, param);
      }
      if (text.length() > METADATA_MAX_VALUE_LENGTH) {
        throw ApiError.invalidRequest(
            "Metadata values can have up to " + METADATA_MAX_VALUE_LENGTH + " characters.", param);
      }
      if (text.isEmpty()) {
        metadata.remove(key);
      } else {
        metadata.put(key, text);
      }
    }
    if (metadata.size() > METADATA_MAX_KEYS) {
      throw ApiError.invalidRequest(
          "Metadata can have up to " + METADATA_MAX_KEYS + " keys.", name("metadata"));
    }
    target.set("metadata", metadata);
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
    return object::fields;
  }
}
