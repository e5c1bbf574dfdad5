package dev.payroute.stripe.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The unauthenticated {@code /_standin/...} endpoints: health, a storage report (what is in memory and
 * on disk), fault injection, the test hooks and tiny hosted pages for checkout and 3-D Secure. Bodies
 * may be JSON or form-encoded.
 */
final class ControlEndpoints {
  private final Router routes = Router.unchecked();
  private final TestHooks hooks;
  private final StandInFaults faults;

  ControlEndpoints(TestHooks hooks, StandInFaults faults, Supplier<ObjectNode> storageReport) {
    this.hooks = hooks;
    this.faults = faults;
    routes
        .add("GET", "/_standin/health", req -> json(Json.object().put("status", "ok")))
        .add("GET", "/_standin/storage", req -> json(storageReport.get()))
        .add("POST", "/_standin/faults", this::addFault)
        .add("DELETE", "/_standin/faults", req -> {
          faults.clear();
          return json(Json.object().put("cleared", true));
        })
        .add("POST", "/_standin/payment_intents/{id}/authenticate", req ->
            json(hooks.authenticate(req.pathParam("id"), succeeds(req.params()))))
        .add("POST", "/_standin/refunds/{id}/settle", req ->
            json(hooks.settleRefund(req.pathParam("id"), succeeds(req.params()))))
        .add("POST", "/_standin/checkout/sessions/{id}/complete", req ->
            redirectOr(req, hooks.completeCheckoutSession(req.pathParam("id")), "success_url"))
        .add("POST", "/_standin/checkout/sessions/{id}/expire", req ->
            redirectOr(req, hooks.expireCheckoutSession(req.pathParam("id")), "cancel_url"))
        .add("POST", "/_standin/charges/{id}/dispute", req -> json(hooks.openDispute(req.pathParam("id"), req.params())))
        .add("POST", "/_standin/webhooks/withhold", req -> {
          String type = req.params().nonEmpty("type").orElse("*");
          boolean withhold = req.params().bool("withhold").orElse(true);
          hooks.withholdWebhooks(type, withhold);
          return json(Json.object().put("type", type).put("withhold", withhold));
        })
        .add("POST", "/_standin/events/{id}/redeliver", req -> {
          hooks.redeliver(req.pathParam("id"));
          return json(Json.object().put("redelivered", req.pathParam("id")));
        })
        .add("GET", "/_standin/objects/{id}", req -> json(hooks.object(req.pathParam("id"))
            .orElseThrow(() -> ApiError.resourceMissing("object", req.pathParam("id"), "id"))))
        .add("GET", "/_standin/checkout/{id}", req -> Reply.html(HostedPages.checkout(hooks.checkoutSession(req.pathParam("id")))))
        .add("GET", "/_standin/3ds/{id}", req -> Reply.html(HostedPages.threeDSecure(req.pathParam("id"))))
        .add("GET", "/_standin/receipts/{id}", req -> Reply.html(HostedPages.receipt(req.pathParam("id"))));
  }

  Reply handle(HttpExchange exchange, byte[] body) {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = exchange.getRequestURI().getRawPath();
    try {
      var match = routes.match(method, path)
          .orElseThrow(() -> ApiError.notFound("Unrecognized stand-in control URL (" + method + ": " + path + ")."));
      ObjectNode params = decode(exchange, body);
      return match.handler().handle(new ApiRequest(method, path, match.pathParams(), new Params(params), Origin.NONE));
    } catch (ApiError e) {
      return e.toReply();
    } catch (IllegalArgumentException e) {
      return ApiError.invalidRequest(e.getMessage(), null).toReply();
    }
  }

  private static ObjectNode decode(HttpExchange exchange, byte[] body) {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      ObjectNode json = Json.parseObject(body);
      ObjectNode query = FormDecoder.decode(exchange.getRequestURI().getRawQuery());
      query.setAll(json);
      return query;
    }
    return FormDecoder.decode(exchange.getRequestURI().getRawQuery(), new String(body, StandardCharsets.UTF_8));
  }

  private Reply addFault(ApiRequest req) {
    Params p = req.params();
    String method = p.nonEmpty("method").orElse("*");
    String prefix = p.requiredString("path_prefix");
    FaultKind kind;
    try {
      kind = FaultKind.valueOf(p.requiredString("kind").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.invalidRequest("kind must be one of HTTP_500, HTTP_429, DELAY, DROP_RESPONSE", "kind");
    }
    int times = p.integer("times").orElse(1L).intValue();
    if (times < 1) {
      throw ApiError.invalidRequest("times must be at least 1", "times");
    }
    if (kind == FaultKind.DELAY) {
      long delayMs = p.integer("delay_ms").orElseThrow(() -> ApiError.missingParam("delay_ms"));
      faults.delayNext(method, prefix, Duration.ofMillis(delayMs), times);
    } else {
      faults.failNext(method, prefix, kind, times);
    }
    ObjectNode answer = Json.object();
    answer.put("method", method);
    answer.put("path_prefix", prefix);
    answer.put("kind", kind.name());
    answer.put("times", times);
    return json(answer);
  }

  private static boolean succeeds(Params p) {
    String outcome = p.nonEmpty("outcome").orElse("succeed");
    return switch (outcome) {
      case "succeed", "success", "succeeded" -> true;
      case "fail", "failure", "failed" -> false;
      default -> throw ApiError.invalidRequest("outcome must be succeed or fail", "outcome");
    };
  }

  /** From the hosted page's buttons ({@code redirect=true}) go where Stripe would send the customer. */
  private static Reply redirectOr(ApiRequest req, ObjectNode session, String urlField) {
    String url = session.path(urlField).asText(null);
    if (req.params().bool("redirect").orElse(false) && url != null) {
      return new Reply(303, "text/plain; charset=utf-8", new byte[0], Map.of("Location", url));
    }
    return json(session);
  }

  private static Reply json(ObjectNode body) {
    return Reply.json(200, body);
  }
}
