package dev.payroute.http;

import dev.payroute.json.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The answers of requests that Vert.x's router refuses before any Camel route runs: no route for the
 * path (404), none for the method (405), an Accept or Content-Type no route takes (406, 415), a body
 * over camel.server.max-body-size (413), a path or query that cannot be decoded (400). Without these
 * handlers Vert.x answers in HTML or with an empty body, and logs a 413 as an ERROR with a stack trace;
 * with them every such answer is problem+json like the routes' own errors, and a client's mistake is
 * not logged at all.
 */
public final class RouterProblems {

    private static final Logger LOG = LoggerFactory.getLogger(RouterProblems.class);
    private static final String BASE_TYPE = "https://payroute.dev/problems/";
    /**
     * Paths of the compatibility routes whose clients read "success" and "error" in an error reply (their routes set
     * legacyErrors): CampusG's escrow and history, the event billing service's refunds. The router's own answers on
     * them carry both too.
     */
    private static final List<String> LEGACY_ERROR_PATHS = List.of("/api/payment/", "/payment/", "/history/", "/api/refund/");

    private RouterProblems() {
    }

    /**
     * Answers every status the router decides itself. The no-match statuses (404, 405, 406, 415) are
     * decided by the top router; failures inside the routes' router (400, 413, 500) by whichever router
     * has a handler, so both get them.
     *
     * @param routes the router the Camel routes are added to, for the Allow header of a 405
     */
    public static void install(Router top, Router routes, long maxBodySize) {
        for (Router router : new Router[] {top, routes}) {
            router.errorHandler(400, request -> write(request, 400, "invalid-request",
                    "the request's path or query could not be decoded"));
            router.errorHandler(404, request -> write(request, 404, "not-found", "nothing is served at " + path(request)));
            router.errorHandler(405, request -> methodNotAllowed(request, routes));
            router.errorHandler(406, request -> write(request, 406, "not-acceptable",
                    "the Accept header allows no type this resource answers in"));
            router.errorHandler(413, request -> bodyTooLarge(request, maxBodySize));
            router.errorHandler(415, request -> write(request, 415, "unsupported-media-type",
                    "this resource does not take a body of this Content-Type"));
            router.errorHandler(500, request -> {
                LOG.error("request to {} failed before reaching a route", request.normalizedPath(), request.failure());
                write(request, 500, "internal-error", "an unexpected error occurred");
            });
        }
    }

    /** A problem+json answer; the title is the status's own, as in ProblemResponder. */
    public static void write(RoutingContext request, int status, String type, String detail) {
        if (request.response().ended()) {
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", BASE_TYPE + type);
        problem.put("title", ProblemResponder.title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", path(request));
        if (legacyErrors(path(request))) {
            problem.put("success", false);
            problem.put("error", detail);
        }
        request.response().setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(Json.write(problem));
    }

    static boolean legacyErrors(String path) {
        return LEGACY_ERROR_PATHS.stream().anyMatch(path::startsWith);
    }

    private static void methodNotAllowed(RoutingContext request, Router routes) {
        Set<String> allowed = allowedMethods(routes, path(request));
        // RFC 9110: a 405 lists the methods the resource takes.
        request.response().putHeader("Allow", String.join(", ", allowed));
        write(request, 405, "method-not-allowed", request.request().method().name() + " is not allowed on "
                + path(request) + "; allowed: " + String.join(", ", allowed));
    }

    /** The request's path, decoded; as sent when it cannot be decoded (a 400 for a bad %-escape). */
    private static String path(RoutingContext request) {
        try {
            return request.normalizedPath();
        } catch (IllegalArgumentException undecodable) {
            return request.request().path();
        }
    }

    private static void bodyTooLarge(RoutingContext request, long maxBodySize) {
        HttpServerRequest incoming = request.request();
        if (!incoming.isEnded()) {
            // Read what is left and drop it: a client that sends its whole body before it reads (most do)
            // then gets this answer instead of a reset connection.
            incoming.handler(ignored -> { }).resume();
        }
        write(request, 413, "body-too-large", "the request body is over " + maxBodySize + " bytes");
    }

    /** The methods of the routes whose path template (Vert.x form, /payments/:id) matches the path. */
    static Set<String> allowedMethods(Router routes, String path) {
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes.getRoutes()) {
            if (route.getPath() != null && route.methods() != null && templateMatches(route.getPath(), path)) {
                route.methods().stream().map(HttpMethod::name).forEach(allowed::add);
            }
        }
        return allowed;
    }

    static boolean templateMatches(String template, String path) {
        String[] expected = template.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith(":") && !actual[i].isEmpty();
            if (!parameter && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }
}
