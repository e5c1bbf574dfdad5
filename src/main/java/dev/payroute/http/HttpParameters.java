package dev.payroute.http;

import dev.payroute.domain.Refusal;
import dev.payroute.domain.StorableText;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.rest.ParamDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;
import org.apache.camel.model.rest.VerbDefinition;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
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
 *
 * <p>On the canonical API (/api/v1) a query parameter the endpoint does not declare (a {@code param} of type
 * query in routes/rest) is a 400 naming it, as an unknown field of a JSON body is: a misspelt filter
 * ({@code ?userid=}) would otherwise answer the unfiltered list. One named like a path parameter or like a
 * header of {@link #HEADER_ONLY} stays ignored, as before. The compatibility routes, whose old clients
 * may send more, and Stripe's webhook endpoint, whose URL the account's owner writes, take any.
 */
public final class HttpParameters {

    /** The API key, idempotency, correlation, body type and webhook signature: request headers, never the query. */
    static final List<String> HEADER_ONLY = List.of("Authorization", "Idempotency-Key", "X-Correlation-Id",
            "Content-Type", "Stripe-Signature", "X-Development-Testing");

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");

    /** Called by others than our API's clients: Stripe posts to the URL written in its dashboard, query and all. */
    static final List<String> ANY_QUERY = List.of("rest-webhook-stripe");

    static final String COMPATIBILITY = "compat-";

    /** The query parameters each canonical endpoint declares, by its REST verb's route id; read once. */
    private volatile Map<String, List<String>> declaredQueries;

    /** The path parameter names of each endpoint URI, read once (an endpoint's URI never changes; there are a few dozen). */
    private static final Map<String, List<String>> PATH_PARAMETER_NAMES = new ConcurrentHashMap<>();

    /** Takes Exchange: it reads the Vert.x request behind the message and rewrites the message's headers. */
    public void settle(Exchange exchange) {
        HttpMessage http = exchange.getIn(HttpMessage.class);
        if (http == null || http.getRequest() == null) {
            return;
        }
        HttpServerRequest request = http.getRequest();
        if (!PercentEncoding.decodesToUtf8(request.path()) || !PercentEncoding.decodesToUtf8(request.query())) {
            throw Refusal.badRequest(null, "the request's path or query does not decode to UTF-8 text");
        }
        Message message = exchange.getMessage();
        for (String name : HEADER_ONLY) {
            List<String> values = request.headers().getAll(name);
            message.removeHeader(name);
            if (!values.isEmpty()) {
                message.setHeader(name, values.size() == 1 ? values.get(0) : values);
            }
        }
        List<String> pathNames = pathParameterNames(exchange.getFromEndpoint());
        for (String name : pathNames) {
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
        // Vert.x's params() also hold the path's parameters and a form body's fields: the names are read from
        // the query string itself. One named like a path parameter or a header of HEADER_ONLY is settled above.
        String queryString = request.query();
        List<String> declared = queryString == null || queryString.isEmpty()
                ? null : declaredQueries(exchange.getContext()).get(exchange.getFromRouteId());
        if (declared != null) {
            java.util.Set<String> names;
            try {
                names = new QueryStringDecoder(queryString, false).parameters().keySet();
            } catch (IllegalArgumentException undecodable) {
                throw Refusal.badRequest(null, "the query string cannot be decoded");
            }
            for (String name : names) {
                if (!declared.contains(name) && !pathNames.contains(name) && !namesAHeader(name)) {
                    String printable = StorableText.printable(name);
                    throw Refusal.badRequest(printable, "unknown query parameter: " + printable
                            + (declared.isEmpty() ? "; this endpoint takes none" : "; this endpoint takes " + String.join(", ", declared)));
                }
            }
        }
    }

    private static boolean namesAHeader(String name) {
        for (String header : HEADER_ONLY) {
            if (header.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every verb under /api/v1/ of a REST definition that is not a compatibility one (routes/compat: ids starting
     * "compat-", one of which serves under /api/v1/payment), but for {@link #ANY_QUERY}; its query parameters in
     * name order.
     */
    Map<String, List<String>> declaredQueries(CamelContext context) {
        Map<String, List<String>> known = declaredQueries;
        if (known == null) {
            known = new HashMap<>();
            for (RestDefinition rest : ((ModelCamelContext) context).getRestDefinitions()) {
                if (rest.getId() == null || rest.getId().startsWith(COMPATIBILITY)) {
                    continue;
                }
                for (VerbDefinition verb : rest.getVerbs()) {
                    String path = (rest.getPath() == null ? "" : rest.getPath()) + (verb.getPath() == null ? "" : verb.getPath());
                    if (verb.getId() == null || ANY_QUERY.contains(verb.getId()) || !path.startsWith("/api/v1/")) {
                        continue;
                    }
                    TreeSet<String> names = new TreeSet<>();
                    for (ParamDefinition param : verb.getParams()) {
                        if (param.getType() == RestParamType.query) {
                            names.add(param.getName());
                        }
                    }
                    known.put(verb.getId(), List.copyOf(names));
                }
            }
            known = Map.copyOf(known);
            declaredQueries = known;
        }
        return known;
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
