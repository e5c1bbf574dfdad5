package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer before it is written; kept whole so that idempotent replays send the same bytes. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

  static Reply json(int status, JsonNode body) {
    return new Reply(status, "application/json", Json.bytes(body), Map.of());
  }

  static Reply html(String html) {
    return new Reply(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  Reply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Reply(status, contentType, body, Map.copyOf(copy));
  }

  boolean isSuccess() {
    return status >= 200 && status < 300;
  }
}
