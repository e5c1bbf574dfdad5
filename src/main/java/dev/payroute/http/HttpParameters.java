package dev.payroute.http;

import dev.payroute.domain.StorableText;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first step of every HTTP route (interceptFrom in routes/config/api-errors). platform-http puts the
 * request's headers, then its query parameters, then its path parameters into one case-insensitive map of
 * Camel headers: a query parameter can pose as a header (?Authorization=...), and a name used twice becomes
 * a list. This step settles that once, for every route: the headers the routes act on come from the HTTP
 * request's headers only, a path parameter is the path's value whatever the query or the headers say, and a
 * path or query parameter holding a NUL or a lone surrogate is a 400 naming it.
 */
public final class HttpParameters {

    /** The API key, idempotency, correlation, body type and webhook signature: request headers, never the query. */
    static final List<String> HEADER_ONLY = List.of("Authorization", "Idempotency-Key", "X-Correlation-Id",
            "Content-Type", "Stripe-Signature", "X-Development-Testing");

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");

    /** The path parameter names of each endpoint URI, read once (an endpoint's URI never changes; there are a few dozen). */
    private static final Map<String, List<String>> PATH_PARAMETER_NAMES = new ConcurrentHashMap<>();

    /** Takes Exchange: it reads the Vert.x request behind the message and rewrites the message's headers. */
    public void settle(Exchange exchange) {
        HttpMessage http = exchange.getIn(HttpMessage.class);
        if (http == null || http.getRequest() == null) {
            return;
        }
        HttpServerRequest request = http.getRequest();
        Message message = exchange.getMessage();
        for (String name : HEADER_ONLY) {
            List<String> values = request.headers().getAll(name);
            message.removeHeader(name);
            if (!values.isEmpty()) {
                message.setHeader(name, values.size() == 1 ? values.get(0) : values);
            }
        }
        for (String name : pathParameterNames(exchange.getFromEndpoint())) {
            Object value = message.getHeader(name);
            if (value instanceof List<?> values && !values.isEmpty()) {
                // Appended after the headers and query parameters of the same name: the path's own value.
                value = values.get(values.size() - 1);
                message.setHeader(name, value);
            }
            StorableText.requireStorable(name, value == null ? null : value.toString());
        }
        MultiMap query = request.params();
        for (Map.Entry<String, String> parameter : query) {
            StorableText.requireStorable(parameter.getKey(), parameter.getKey());
            StorableText.requireStorable(parameter.getKey(), parameter.getValue());
        }
    }

    /** The {name}s of the path template the route consumes from. */
    static List<String> pathParameterNames(Endpoint endpoint) {
        if (endpoint == null) {
            return List.of();
        }
        return PATH_PARAMETER_NAMES.computeIfAbsent(endpoint.getEndpointUri(), uri -> {
            List<String> names = new ArrayList<>();
            Matcher m = PATH_PARAMETER.matcher(URLDecoder.decode(uri, StandardCharsets.UTF_8));
            while (m.find()) {
                names.add(m.group(1));
            }
            return List.copyOf(names);
        });
    }
}
