package dev.payroute.stripe.standin;

import java.util.Map;

/** One routed request: its path variables, decoded parameters and origin (for events). */
record ApiRequest(String method, String path, Map<String, String> pathParams, Params params, Origin origin) {

  String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path variable " + name);
    }
    return value;
  }
}
