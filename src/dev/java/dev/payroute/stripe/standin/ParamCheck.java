package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks decoded request parameters against an endpoint's {@link ParamSpec} before anything runs,
 * as Stripe does: an unknown name is {@code parameter_unknown}, a name Stripe knows but the
 * stand-in does not model is {@code parameter_unsupported_by_standin}, and a value of the wrong
 * type is refused naming the parameter by its full bracketed name.
 */
final class ParamCheck {
  /** Local part, one {@code @}, a domain with a dot; no spaces. Stripe refuses "a@b" and "a b@c.d". */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
  private static final Set<String> RANGE_KEYS = Set.of("gt", "gte", "lt", "lte");
  private static final int MAX_EMAIL_LENGTH = 512;
  /** Stripe's documented maximum length of a URL parameter. */
  private static final int MAX_URL_LENGTH = 5000;
  /** A DNS name: labels of letters, digits and inner hyphens, the last one not all digits; or an IPv4 address. */
  private static final Pattern HOST = Pattern.compile(
      "(?i)(([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]*[a-z]([a-z0-9-]{0,61}[a-z0-9])?\\.?"
          + "|((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d))");

  private ParamCheck() {}

  static void check(ParamSpec spec, ObjectNode params) {
    checkObject(spec, params, "");
  }

  private static void checkObject(ParamSpec spec, ObjectNode node, String prefix) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = prefix.isEmpty() ? field.getKey() : prefix + "[" + field.getKey() + "]";
      ParamSpec.Param param = spec.find(field.getKey())
          .orElseThrow(() -> ApiError.invalidRequest(
              "parameter_unknown", "Received unknown parameter: " + name, name));
      if (!param.supported()) {
        throw ApiError.invalidRequest(
            "parameter_unsupported_by_standin",
            "Stripe accepts the parameter " + name + " here, but the offline Stripe stand-in does not model it "
                + "and will not ignore it silently. Leave it out, or run against Stripe itself.",
            name);
      }
      checkValue(param, field.getValue(), name);
    }
  }

  private static void checkValue(ParamSpec.Param param, JsonNode value, String name) {
    boolean empty = value.isTextual() && value.asText().isEmpty();
    switch (param.kind()) {
      case STRING -> scalar(value, name);
      case INTEGER -> {
        if (!empty) {
          integer(value, name);
        }
      }
      case BOOLEAN -> {
        String text = scalar(value, name);
        if (!empty && !text.equals("true") && !text.equals("false")) {
          throw ApiError.invalidRequest("Invalid boolean: " + text, name);
        }
      }
      case ENUM -> {
        String text = scalar(value, name);
        if (!empty && param.otherValues().contains(text)) {
          throw ApiError.invalidRequest(
              "parameter_unsupported_by_standin",
              "Stripe accepts " + name + "=" + text + ", but the offline Stripe stand-in does not model it; it models "
                  + choices(param.values()) + " there.",
              name);
        }
        if (!empty && !param.values().contains(text)) {
          List<String> all = new java.util.ArrayList<>(param.values());
          all.addAll(param.otherValues());
          throw ApiError.invalidRequest("Invalid " + name + ": must be one of " + choices(all), name);
        }
      }
      case EMAIL -> {
        String text = scalar(value, name);
        if (!empty && (text.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(text).matches())) {
          throw ApiError.invalidRequest("email_invalid", "Invalid email address: " + text, name);
        }
      }
      case URL -> {
        String text = scalar(value, name);
        if (!empty && !usableUrl(text)) {
          throw ApiError.invalidRequest("url_invalid", "Not a valid URL", name);
        }
      }
      case CURRENCY -> {
        String text = scalar(value, name).toLowerCase(Locale.ROOT);
        if (!empty) {
          if (!text.matches("[a-z]{3}")) {
            throw ApiError.invalidRequest("Invalid currency: " + text, name);
          }
          Currencies.requireSupported(text, name);
        }
      }
      case OBJECT -> {
        if (!empty) {
          checkObject(param.children(), object(value, name), name);
        }
      }
      case OBJECT_LIST -> {
        if (!empty) {
          if (!value.isArray()) {
            throw ApiError.invalidRequest("Invalid array: " + name, name);
          }
          for (int i = 0; i < value.size(); i++) {
            checkObject(param.children(), object(value.get(i), name + "[" + i + "]"), name + "[" + i + "]");
          }
        }
      }
      case STRING_LIST -> {
        if (value.isArray()) {
          for (int i = 0; i < value.size(); i++) {
            scalar(value.get(i), name + "[" + i + "]");
          }
        } else {
          scalar(value, name);
        }
      }
      case METADATA -> {
        if (!empty) {
          object(value, name).fields().forEachRemaining(e -> scalar(e.getValue(), name + "[" + e.getKey() + "]"));
        }
      }
      case RANGE -> {
        if (value.isObject()) {
          value.fields().forEachRemaining(e -> {
            String bound = name + "[" + e.getKey() + "]";
            if (!RANGE_KEYS.contains(e.getKey())) {
              throw ApiError.invalidRequest("parameter_unknown", "Received unknown parameter: " + bound, bound);
            }
            integer(e.getValue(), bound);
          });
        } else if (!empty) {
          integer(value, name);
        }
      }
      case UNSUPPORTED -> throw new IllegalStateException("checked by the caller");
    }
  }

  /**
   * An absolute URL that java.net.URI parses ({CHECKOUT_SESSION_ID}, Stripe's placeholder, allowed), at most
   * 5000 characters; an http or https one (scheme in any case) with a host name or address and a port from 1
   * to 65535. Other schemes pass: Stripe takes a mobile app's own (myapp://done) as a return_url.
   */
  static boolean usableUrl(String text) {
    if (text.length() > MAX_URL_LENGTH) {
      return false;
    }
    java.net.URI uri;
    try {
      uri = new java.net.URI(text.replace("{CHECKOUT_SESSION_ID}", "CHECKOUT_SESSION_ID"));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    if (uri.getScheme() == null) {
      return false;
    }
    if (!uri.getScheme().equalsIgnoreCase("http") && !uri.getScheme().equalsIgnoreCase("https")) {
      return true;
    }
    String host = uri.getHost();
    return host != null && (host.startsWith("[") || HOST.matcher(host).matches())
        && (uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= 65535);
  }

  private static String scalar(JsonNode value, String name) {
    if (value.isContainerNode()) {
      throw ApiError.invalidRequest("Invalid string: " + name + " must be a single value, not a hash or an array", name);
    }
    return value.asText();
  }

  private static void integer(JsonNode value, String name) {
    String text = scalar(value, name).trim();
    try {
      Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiError.invalidRequest("parameter_invalid_integer", "Invalid integer: " + text, name);
    }
  }

  private static ObjectNode object(JsonNode value, String name) {
    if (!value.isObject()) {
      throw ApiError.invalidRequest("Invalid object: " + name + " must be a hash (" + name + "[key]=value)", name);
    }
    return (ObjectNode) value;
  }

  /** "a, b, or c", as Stripe's enum errors list them. */
  private static String choices(List<String> values) {
    if (values.size() == 1) {
      return values.get(0);
    }
    return String.join(", ", values.subList(0, values.size() - 1)) + ", or " + values.get(values.size() - 1);
  }
}
