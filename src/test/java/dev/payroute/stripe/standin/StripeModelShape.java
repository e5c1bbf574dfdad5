package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import com.stripe.model.EventDataClassLookup;
import com.stripe.model.ExpandableField;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares an answer of the stand-in with the stripe-java model class that Stripe generates from its
 * OpenAPI spec for the pinned API version (33.3.0: 2026-07-29.dahlia): every property must be one
 * the model has, of a JSON type the model's field can hold, recursively through nested objects,
 * expandable fields, lists and event payloads. The model does not say which properties are always
 * present; that is what the fixture comparison in {@link ContractTest} is for.
 */
final class StripeModelShape {
  /** What a Stripe list envelope may carry: since 2025-03-31.basil lists have no total_count. */
  private static final Set<String> LIST_KEYS = Set.of("object", "data", "has_more", "url");

  private final List<String> problems = new ArrayList<>();

  private StripeModelShape() {}

  /** Every way {@code json} differs from {@code model}, each as "path: what", empty when it fits. */
  static List<String> problems(JsonNode json, Class<?> model) {
    StripeModelShape shape = new StripeModelShape();
    shape.check("", json, model);
    return shape.problems;
  }

  /** The same for a list answer whose items are of {@code itemModel}. */
  static List<String> listProblems(JsonNode json, Class<?> itemModel) {
    StripeModelShape shape = new StripeModelShape();
    shape.checkList("", json, itemModel);
    return shape.problems;
  }

  private void check(String path, JsonNode value, Type type) {
    if (value == null || value.isNull()) {
      return; // every Stripe property may be null in some state; presence is the fixture's business
    }
    Class<?> raw = rawClass(type);
    if (raw == String.class) {
      expect(path, value.isTextual(), "a string");
    } else if (raw == Long.class || raw == Integer.class) {
      expect(path, value.isIntegralNumber(), "an integer");
    } else if (raw == Boolean.class) {
      expect(path, value.isBoolean(), "a boolean");
    } else if (raw == BigDecimal.class) {
      expect(path, value.isTextual() && isDecimal(value.asText()), "a decimal string");
    } else if (raw == Double.class || raw == Float.class) {
      expect(path, value.isNumber(), "a number");
    } else if (List.class.isAssignableFrom(raw)) {
      if (expect(path, value.isArray(), "an array")) {
        Type item = typeArgument(type, 0);
        for (int i = 0; i < value.size(); i++) {
          check(path + "[" + i + "]", value.get(i), item);
        }
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      if (expect(path, value.isObject(), "an object")) {
        Type item = typeArgument(type, 1);
        if (item != Object.class) {
          value.fields().forEachRemaining(e -> check(at(path, e.getKey()), e.getValue(), item));
        }
      }
    } else if (raw == ExpandableField.class) {
      Type target = typeArgument(type, 0);
      if (expect(path, value.isTextual() || value.isObject(), "an id or an expanded object") && value.isObject()) {
        check(path, value, target);
      }
    } else if (StripeCollection.class.isAssignableFrom(raw)) {
      checkList(path, value, rawClass(collectionItem(raw)));
    } else if (raw == JsonObject.class) {
      checkEventObject(path, value);
    } else if (StripeObject.class.isAssignableFrom(raw) || raw.isInterface()) {
      if (expect(path, value.isObject(), "an object") && !raw.isInterface()) {
        checkProperties(path, value, raw);
      }
    }
  }

  private void checkProperties(String path, JsonNode object, Class<?> model) {
    Map<String, Type> properties = properties(model);
    object.fields().forEachRemaining(e -> {
      Type type = properties.get(e.getKey());
      if (type == null) {
        problems.add(at(path, e.getKey()) + ": not a property of " + model.getName() + " in stripe-java's model");
      } else {
        check(at(path, e.getKey()), e.getValue(), type);
      }
    });
  }

  private void checkList(String path, JsonNode list, Class<?> itemModel) {
    if (!expect(path, list.isObject() && "list".equals(list.path("object").asText()), "a list object")) {
      return;
    }
    list.fieldNames().forEachRemaining(key -> {
      if (!LIST_KEYS.contains(key)) {
        problems.add(at(path, key) + ": not a property of a Stripe list");
      }
    });
    JsonNode data = list.path("data");
    if (expect(at(path, "data"), data.isArray(), "an array")) {
      for (int i = 0; i < data.size(); i++) {
        check(at(path, "data") + "[" + i + "]", data.get(i), itemModel);
      }
    }
  }

  /** An event's data.object is typed by its own "object" value, as stripe-java deserializes it. */
  private void checkEventObject(String path, JsonNode value) {
    String objectType = value.path("object").asText();
    Class<? extends StripeObject> model = EventDataClassLookup.classLookup.get(objectType);
    if (model == null) {
      problems.add(path + ": object type '" + objectType + "' is unknown to stripe-java");
    } else {
      check(path, value, model);
    }
  }

  private static String at(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private boolean expect(String path, boolean holds, String what) {
    if (!holds) {
      problems.add(path + ": should be " + what);
    }
    return holds;
  }

  /**
   * JSON property name to field type. Generated classes name their properties with
   * {@code @SerializedName}; hand-written ones such as StripeError rely on Gson's snake_case policy.
   */
  private static Map<String, Type> properties(Class<?> model) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = model; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        int mod = f.getModifiers();
        if (!Modifier.isStatic(mod) && !Modifier.isTransient(mod) && !f.isSynthetic()) {
          fields.add(f);
        }
      }
    }
    boolean annotated = fields.stream().anyMatch(f -> f.isAnnotationPresent(SerializedName.class));
    Map<String, Type> properties = new LinkedHashMap<>();
    for (Field f : fields) {
      SerializedName name = f.getAnnotation(SerializedName.class);
      if (name != null) {
        properties.put(name.value(), f.getGenericType());
      } else if (!annotated) {
        properties.put(snakeCase(f.getName()), f.getGenericType());
      }
    }
    return properties;
  }

  private static Type collectionItem(Class<?> collection) {
    for (Class<?> c = collection; c != null; c = c.getSuperclass()) {
      if (c.getGenericSuperclass() instanceof ParameterizedType p && p.getRawType() == StripeCollection.class) {
        return p.getActualTypeArguments()[0];
      }
    }
    return Object.class;
  }

  private static Type typeArgument(Type type, int index) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static boolean isDecimal(String text) {
    try {
      new BigDecimal(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }
}
