package dev.payroute.stripe.standin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps a method and a path template such as {@code /v1/payment_intents/{id}/capture} to a handler. */
final class Router {

  @FunctionalInterface
  interface Handler {
    Reply handle(ApiRequest request);
  }

  /** {@code params} is the endpoint's table, empty on a router that does not check parameters. */
  record Match(Handler handler, Map<String, String> pathParams, Optional<ParamSpec> params) {}

  private record Route(String method, Pattern pattern, List<String> names, Handler handler, Optional<ParamSpec> params) {}

  private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_]+)}");

  private final List<Route> routes = new ArrayList<>();
  private final boolean checksParams;

  private Router(boolean checksParams) {
    this.checksParams = checksParams;
  }

  /** Stripe's API: every endpoint must be declared in {@link EndpointParams}, and requests are checked against it. */
  static Router api() {
    return new Router(true);
  }

  /** The stand-in's own test hooks, which take whatever they read. */
  static Router unchecked() {
    return new Router(false);
  }

  Router add(String method, String template, Handler handler) {
    Optional<ParamSpec> params = Optional.empty();
    if (checksParams) {
      params = Optional.of(EndpointParams.of(method, template).orElseThrow(() -> new IllegalStateException(
          method + " " + template + " has no parameter table in EndpointParams")));
    }
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(template);
    StringBuilder regex = new StringBuilder();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    routes.add(new Route(method, Pattern.compile(regex.toString()), names, handler, params));
    return this;
  }

  Optional<Match> match(String method, String rawPath) {
    for (Route route : routes) {
      if (!route.method.equals(method.toUpperCase(Locale.ROOT))) {
        continue;
      }
      Matcher m = route.pattern.matcher(rawPath);
      if (m.matches()) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < route.names.size(); i++) {
          params.put(route.names.get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
        }
        return Optional.of(new Match(route.handler, params, route.params));
      }
    }
    return Optional.empty();
  }
}
