package dev.payroute.stripe.standin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one endpoint (or one nested object of its parameters) accepts: every parameter Stripe knows
 * there, by name, with its type, and whether the stand-in implements it. Declared in {@link
 * EndpointParams}; read by the request check ({@link ParamCheck}) and by the contract test, which
 * holds each table against stripe-java's generated request classes for the pinned API version.
 */
final class ParamSpec {
  /** How a parameter's value is checked. */
  enum Kind {
    STRING,
    INTEGER,
    BOOLEAN,
    /** A string from a fixed set of values. */
    ENUM,
    EMAIL,
    /** A URL the customer is sent to; Stripe's {@code url_invalid} when it is not one. */
    URL,
    CURRENCY,
    /** A nested hash with declared keys. */
    OBJECT,
    /** An array of nested hashes with declared keys. */
    OBJECT_LIST,
    STRING_LIST,
    /** Free keys with string values: {@code metadata}. */
    METADATA,
    /** A timestamp filter: an integer, or a hash of {@code gt}, {@code gte}, {@code lt}, {@code lte}. */
    RANGE,
    /** Stripe knows it; the stand-in refuses it with {@code parameter_unsupported_by_standin}. */
    UNSUPPORTED
  }

  /**
   * One parameter; for ENUM the {@code values} the stand-in models and the {@code otherValues} Stripe
   * also accepts (refused as not modelled), for OBJECT and OBJECT_LIST the {@code children}.
   */
  record Param(String name, Kind kind, List<String> values, List<String> otherValues, ParamSpec children) {
    Param(String name, Kind kind, List<String> values, ParamSpec children) {
      this(name, kind, values, List.of(), children);
    }

    boolean supported() {
      return kind != Kind.UNSUPPORTED;
    }

    /** The same enum, with values Stripe accepts that the stand-in does not model. */
    Param orNotModelled(String... others) {
      return new Param(name, kind, values, List.of(others), children);
    }
  }

  private final Map<String, Param> params;

  private ParamSpec(Map<String, Param> params) {
    this.params = params;
  }

  /** A table of the given parameters; a name declared twice is a programming error. */
  static ParamSpec of(List<Param> declared) {
    Map<String, Param> byName = new LinkedHashMap<>();
    for (Param param : declared) {
      if (byName.put(param.name(), param) != null) {
        throw new IllegalArgumentException("parameter declared twice: " + param.name());
      }
    }
    return new ParamSpec(Collections.unmodifiableMap(byName));
  }

  static ParamSpec of(Object... declared) {
    return of(flatten(declared));
  }

  Optional<Param> find(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** Every declared parameter, in declaration order. */
  List<Param> params() {
    return List.copyOf(params.values());
  }

  /** A new table with these parameters added to this one's. */
  ParamSpec plus(Object... more) {
    List<Param> all = new ArrayList<>(params.values());
    all.addAll(flatten(more));
    return of(all);
  }

  /** Accepts {@link Param}s and {@code List<Param>}s (as {@link #unsupported} gives), in order. */
  private static List<Param> flatten(Object... declared) {
    List<Param> result = new ArrayList<>();
    for (Object item : declared) {
      if (item instanceof Param param) {
        result.add(param);
      } else if (item instanceof List<?> list) {
        list.forEach(p -> result.add((Param) p));
      } else {
        throw new IllegalArgumentException("not a parameter: " + item);
      }
    }
    return result;
  }

  static Param string(String name) {
    return new Param(name, Kind.STRING, List.of(), null);
  }

  static Param integer(String name) {
    return new Param(name, Kind.INTEGER, List.of(), null);
  }

  static Param bool(String name) {
    return new Param(name, Kind.BOOLEAN, List.of(), null);
  }

  static Param oneOf(String name, String... values) {
    return new Param(name, Kind.ENUM, List.of(values), null);
  }

  static Param email(String name) {
    return new Param(name, Kind.EMAIL, List.of(), null);
  }

  static Param url(String name) {
    return new Param(name, Kind.URL, List.of(), null);
  }

  static Param currency(String name) {
    return new Param(name, Kind.CURRENCY, List.of(), null);
  }

  static Param object(String name, Object... children) {
    return new Param(name, Kind.OBJECT, List.of(), of(children));
  }

  static Param objects(String name, Object... children) {
    return new Param(name, Kind.OBJECT_LIST, List.of(), of(children));
  }

  static Param strings(String name) {
    return new Param(name, Kind.STRING_LIST, List.of(), null);
  }

  static Param metadata() {
    return new Param("metadata", Kind.METADATA, List.of(), null);
  }

  static Param range(String name) {
    return new Param(name, Kind.RANGE, List.of(), null);
  }

  static Param expand() {
    return strings("expand");
  }

  /** Parameters Stripe accepts here that the stand-in does not model. */
  static List<Param> unsupported(String... names) {
    return Arrays.stream(names).map(n -> new Param(n, Kind.UNSUPPORTED, List.of(), null)).toList();
  }

  /** What every list endpoint takes: cursor pagination and expansion. */
  static ParamSpec list(Object... more) {
    return of(string("ending_before"), expand(), integer("limit"), string("starting_after")).plus(more);
  }

  /** What a plain retrieve takes. */
  static ParamSpec retrieve() {
    return of(expand());
  }
}
