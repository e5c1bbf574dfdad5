package dev.payroute.stripe.standin;

import com.google.gson.annotations.SerializedName;
import com.stripe.net.ApiRequestParams;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What stripe-java's generated request classes (for the API version it is pinned to) say an
 * endpoint accepts: parameter names from {@code @SerializedName}, with types and enum values. The
 * reference the stand-in's parameter tables are held against.
 */
final class StripeJavaParams {
  enum Type_ { STRING, INTEGER, BOOLEAN, ENUM, OBJECT, LIST, MAP, UNION }

  /**
   * One parameter. For OBJECT and for a UNION that can be a hash, {@code children}; for LIST, the
   * element in {@code element}; for ENUM, {@code values}.
   */
  record Node(String name, Type_ type, List<String> values, Map<String, Node> children, Node element) {}

  private StripeJavaParams() {}

  /** The top-level parameters of a request class, e.g. {@code PaymentIntentCreateParams}. */
  static Map<String, Node> of(Class<?> paramsClass) {
    return fields(paramsClass);
  }

  private static Map<String, Node> fields(Class<?> type) {
    Map<String, Node> result = new LinkedHashMap<>();
    for (Field field : type.getDeclaredFields()) {
      SerializedName name = field.getAnnotation(SerializedName.class);
      if (name == null || Modifier.isStatic(field.getModifiers())
          || ApiRequestParams.EXTRA_PARAMS_KEY.equals(name.value())) {
        continue;
      }
      result.put(name.value(), node(name.value(), field.getGenericType(), type, field.getName()));
    }
    return result;
  }

  private static Node node(String name, Type type, Class<?> owner, String fieldName) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      if (List.class.isAssignableFrom(raw)) {
        Node element = node(name, parameterized.getActualTypeArguments()[0], owner, fieldName);
        return new Node(name, Type_.LIST, List.of(), Map.of(), element);
      }
      if (Map.class.isAssignableFrom(raw)) {
        return new Node(name, Type_.MAP, List.of(), Map.of(), null);
      }
    }
    Class<?> cls = (Class<?>) type;
    if (cls == String.class) {
      return new Node(name, Type_.STRING, List.of(), Map.of(), null);
    }
    if (cls == Long.class || cls == Integer.class) {
      return new Node(name, Type_.INTEGER, List.of(), Map.of(), null);
    }
    if (cls == Boolean.class) {
      return new Node(name, Type_.BOOLEAN, List.of(), Map.of(), null);
    }
    if (cls.isEnum() && ApiRequestParams.EnumParam.class.isAssignableFrom(cls)) {
      List<String> values = new ArrayList<>();
      for (Object constant : cls.getEnumConstants()) {
        values.add(((ApiRequestParams.EnumParam) constant).getValue());
      }
      return new Node(name, Type_.ENUM, values, Map.of(), null);
    }
    if (cls == ApiRequestParams.EnumParam.class) {
      // An enum that can also be "" to unset: the values are the nested enum named after the field.
      Class<?> nested = nestedClass(owner, fieldName);
      List<String> values = nested == null ? List.of() : node(name, nested, owner, fieldName).values();
      return new Node(name, Type_.ENUM, values, Map.of(), null);
    }
    if (cls == Object.class) {
      // A union (a hash or "" to unset, a hash or a token...): its forms are the builder's setter overloads.
      Map<String, Node> children = new LinkedHashMap<>();
      List<String> values = new ArrayList<>();
      for (Class<?> form : unionForms(owner, fieldName)) {
        if (form.isEnum()) {
          values.addAll(node(name, form, owner, fieldName).values());
        } else {
          children.putAll(fields(form));
        }
      }
      return new Node(name, Type_.UNION, values, children, null);
    }
    return new Node(name, Type_.OBJECT, List.of(), fields(cls), null);
  }

  /** The request classes (hashes or enums of stripe-java's) a union field's builder setters take. */
  private static List<Class<?>> unionForms(Class<?> owner, String fieldName) {
    String setter = "set" + Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1);
    List<Class<?>> forms = new ArrayList<>();
    for (Class<?> nested : owner.getDeclaredClasses()) {
      if (!nested.getSimpleName().equals("Builder")) {
        continue;
      }
      for (java.lang.reflect.Method method : nested.getDeclaredMethods()) {
        if (method.getName().equals(setter) && method.getParameterCount() == 1) {
          Class<?> type = method.getParameterTypes()[0];
          if (type.getName().startsWith("com.stripe.param.") && !type.getSimpleName().equals("EmptyParam")) {
            forms.add(type);
          }
        }
      }
    }
    return forms;
  }

  private static Class<?> nestedClass(Class<?> owner, String fieldName) {
    String simple = Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1);
    for (Class<?> nested : owner.getDeclaredClasses()) {
      if (nested.getSimpleName().equals(simple)) {
        return nested;
      }
    }
    return null;
  }

  /** A listing for writing a table by hand: one line per parameter, indented by depth. */
  static String describe(Map<String, Node> params, int depth, int maxDepth) {
    StringBuilder out = new StringBuilder();
    for (Node node : params.values()) {
      out.append("  ".repeat(depth)).append(node.name()).append(' ').append(node.type());
      if (!node.values().isEmpty()) {
        out.append(' ').append(node.values());
      }
      Node element = node.element();
      if (element != null) {
        out.append(" of ").append(element.type());
        if (!element.values().isEmpty()) {
          out.append(' ').append(element.values());
        }
      }
      out.append('\n');
      Map<String, Node> children = element != null ? element.children() : node.children();
      if (depth < maxDepth && !children.isEmpty()) {
        out.append(describe(children, depth + 1, maxDepth));
      }
    }
    return out.toString();
  }
}
