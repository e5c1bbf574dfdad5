package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP front: authentication, parameter decoding, fault injection, idempotency and routing for
 * {@code /v1/...}; unauthenticated test hooks for {@code /_standin/...}.
 */
final class StandInHttpHandler implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(StandInHttpHandler.class.getName());
  private static final String CONTROL_PREFIX = "/_standin/";
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

  private final Router api;
  private final ControlEndpoints control;
  private final StandInState state;
  private final IdempotencyCache idempotency;
  private final StandInFaults faults;
  private final RequestStats stats;

  StandInHttpHandler(
      Router api,
      ControlEndpoints control,
      StandInState state,
      IdempotencyCache idempotency,
      StandInFaults faults,
      RequestStats stats) {
    this.api = api;
    this.control = control;
    this.state = state;
    this.idempotency = idempotency;
    this.faults = faults;
    this.stats = stats;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String requestId = Ids.requestId();
    boolean dropped = false;
    try {
      String path = exchange.getRequestURI().getRawPath();
      if (path.startsWith(CONTROL_PREFIX)) {
        send(exchange, control.handle(exchange, readBody(exchange)).withHeader("Request-Id", requestId));
      } else {
        handleApi(exchange, requestId);
      }
    } catch (DroppedResponse e) {
      // Closing the exchange would end the chunked body cleanly; the server must see the exception.
      dropped = true;
      throw e;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "stand-in failed on " + exchange.getRequestURI().getPath(), e);
      send(exchange, ApiError.server("The Stripe stand-in failed: " + e).toReply().withHeader("Request-Id", requestId));
    } finally {
      if (!dropped) {
        exchange.close();
      }
    }
  }

  private void handleApi(HttpExchange exchange, String requestId) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = exchange.getRequestURI().getRawPath();
    stats.recordReceived(method, path);
    byte[] body = readBody(exchange);

    Optional<String> apiKey = apiKey(exchange.getRequestHeaders().getFirst("Authorization"));
    if (apiKey.isEmpty()) {
      send(exchange, finish(exchange, requestId, unauthorized(exchange).toReply()));
      return;
    }
    ObjectNode rawParams;
    try {
      rawParams = FormDecoder.decode(
          exchange.getRequestURI().getRawQuery(), new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      send(exchange, finish(exchange, requestId, ApiError.invalidRequest(e.getMessage(), null).toReply()));
      return;
    }

    Optional<StandInFaults.Fault> fault = faults.take(method, path);
    if (fault.isPresent() && fault.get().kind() == FaultKind.HTTP_500) {
      Reply reply = ApiError.server("An unknown error occurred (injected by the stand-in).").toReply();
      send(exchange, finish(exchange, requestId, reply).withHeader("Stripe-Should-Retry", "true"));
      return;
    }
    if (fault.isPresent() && fault.get().kind() == FaultKind.HTTP_429) {
      send(exchange, finish(exchange, requestId, ApiError.rateLimited().toReply()));
      return;
    }

    Optional<Router.Match> match = api.match(method, path);
    if (match.isEmpty()) {
      ApiError error = ApiError.notFound(
          "Unrecognized request URL (" + method + ": " + path + "). The Stripe stand-in does not model this endpoint.");
      send(exchange, finish(exchange, requestId, error.toReply()));
      return;
    }

    try {
      ApiVersions.check(exchange.getRequestHeaders().getFirst("Stripe-Version"));
      match.get().params().ifPresent(spec -> ParamCheck.check(spec, rawParams));
    } catch (ApiError refused) {
      // Like Stripe: a request that fails validation never ran, so no idempotent result is kept for it.
      send(exchange, finish(exchange, requestId, refused.toReply()));
      return;
    }

    String idempotencyKey = "POST".equals(method) ? exchange.getRequestHeaders().getFirst("Idempotency-Key") : null;
    if (idempotencyKey != null && idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
      ApiError error = ApiError.invalidRequest(
          "Invalid Idempotency-Key: keys can be at most " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters long.", null);
      send(exchange, finish(exchange, requestId, error.toReply()));
      return;
    }
    String scopedKey = idempotencyKey == null ? null : apiKey.get() + "\u0000" + idempotencyKey;
    Reply reply;
    boolean reserved = false;
    if (scopedKey == null) {
      reply = execute(match.get(), method, path, rawParams, new Origin(requestId, null));
    } else {
      IdempotencyCache.Outcome outcome = idempotency.begin(scopedKey, method + " " + path, rawParams);
      if (outcome instanceof IdempotencyCache.Replay replay) {
        reply = replay.reply()
            .withHeader("Idempotent-Replayed", "true")
            .withHeader("Original-Request", replay.originalRequestId());
      } else if (outcome instanceof IdempotencyCache.Mismatch) {
        reply = ApiError.idempotencyMismatch(
                "Keys for idempotent requests can only be used with the same parameters they were first used "
                    + "with. Try using a key other than '" + idempotencyKey + "' if you meant to execute a "
                    + "different request.")
            .toReply();
      } else if (outcome instanceof IdempotencyCache.InFlight) {
        reply = ApiError.idempotencyInFlight(
                "There is currently another in-progress request using this Stripe API key and idempotency "
                    + "key '" + idempotencyKey + "'. Please try again later.")
            .toReply()
            .withHeader("Stripe-Should-Retry", "true");
      } else {
        reserved = true;
        reply = execute(match.get(), method, path, rawParams, new Origin(requestId, idempotencyKey));
      }
    }

    if (fault.isPresent() && fault.get().kind() == FaultKind.DELAY) {
      // Still "processing" from the client's point of view: a retry now meets the in-flight key.
      pause(fault.get().delay());
    }
    if (!(reply.headers().containsKey("Idempotent-Replayed"))) {
      // Before it is kept: a replayed card error shows the log of the request that ran, as Stripe's does.
      reply = withRequestLog(reply, requestId);
    }
    if (reserved) {
      // Like Stripe, keep only results of requests that ran: success and card errors. Validation
      // failures and other 4xx leave the key free for a corrected retry.
      if (reply.isSuccess() || reply.status() == 402) {
        idempotency.complete(scopedKey, reply, requestId);
      } else {
        idempotency.release(scopedKey);
      }
    }
    if (idempotencyKey != null) {
      reply = reply.withHeader("Idempotency-Key", idempotencyKey);
    }
    reply = finish(exchange, requestId, reply);
    if (fault.isPresent() && fault.get().kind() == FaultKind.DROP_RESPONSE) {
      drop(exchange, reply);
    }
    send(exchange, reply);
  }

  private Reply execute(Router.Match match, String method, String path, ObjectNode rawParams, Origin origin) {
    stats.recordExecuted(method, path);
    ApiRequest request = new ApiRequest(method, path, match.pathParams(), new Params(rawParams.deepCopy()), origin);
    try {
      return state.atomically(() -> match.handler().handle(request));
    } catch (ApiError e) {
      return e.toReply();
    }
  }

  /**
   * An error body carries request_log_url, as Stripe's do: the dashboard's log of the request (which the stand-in
   * does not have; the id is the Request-Id header's).
   */
  static Reply withRequestLog(Reply reply, String requestId) {
    if (reply.status() < 400 || !reply.contentType().startsWith("application/json")) {
      return reply;
    }
    ObjectNode body;
    try {
      body = Json.parseObject(reply.body());
    } catch (RuntimeException notJson) {
      return reply;
    }
    if (!(body.get("error") instanceof ObjectNode error) || error.has("request_log_url")) {
      return reply;
    }
    error.put("request_log_url", "https://dashboard.stripe.com/test/logs/" + requestId + "?t="
        + java.time.Instant.now().getEpochSecond());
    return new Reply(reply.status(), reply.contentType(), Json.bytes(body), reply.headers());
  }

  private static Reply finish(HttpExchange exchange, String requestId, Reply reply) {
    // Every answer is in the pinned version: requests asking for another one are refused.
    return withRequestLog(reply, requestId)
        .withHeader("Request-Id", requestId)
        .withHeader("Stripe-Version", ApiVersions.PINNED);
  }

  private static ApiError unauthorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || header.isBlank()) {
      return ApiError.authentication(
          "You did not provide an API key. You need to provide your API key in the Authorization header, "
              + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    return ApiError.authentication(
        "Invalid API Key provided: the Stripe stand-in accepts test mode secret keys (sk_test_...) only.");
  }

  /** The secret key from Bearer or Basic auth, if it is a test-mode secret key. */
  static Optional<String> apiKey(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    String key = null;
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorization.substring(7).trim();
    } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        key = colon < 0 ? decoded : decoded.substring(0, colon);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(key).filter(k -> k.startsWith("sk_test_") && k.length() > "sk_test_".length());
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    return exchange.getRequestBody().readAllBytes();
  }

  private static void pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void send(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    for (Map.Entry<String, String> header : reply.headers().entrySet()) {
      exchange.getResponseHeaders().set(header.getKey(), header.getValue());
    }
    byte[] body = reply.body();
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Breaks the connection after the status line and headers, before any body byte. Closing before
   * the headers would not do: HttpURLConnection (stripe-java's default client) silently resends a
   * POST whose connection closed without an answer. com.sun.net.httpserver closes the socket when
   * a handler throws, so this sends chunked headers and throws.
   */
  private static void drop(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(reply.status(), 0);
    exchange.getResponseBody().flush();
    throw new DroppedResponse();
  }

  /** Thrown on purpose so that the HTTP server closes the connection mid-response. */
  static final class DroppedResponse extends IOException {
    DroppedResponse() {
      super("response dropped by the Stripe stand-in (fault injection)", null);
    }
  }
}
