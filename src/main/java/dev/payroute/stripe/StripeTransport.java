package dev.payroute.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.net.ApiMode;
import com.stripe.net.HttpClient;
import com.stripe.net.HttpHeaders;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * stripe-java's own transport (HttpURLConnection, the timeouts and proxy of the request's options), with its two
 * client headers built once. stripe-java's HttpURLConnectionClient rebuilds {@code User-Agent} and
 * {@code X-Stripe-Client-User-Agent} on every request, reading Gson's pom.properties from its jar and the
 * environment each time: 3.7 % of payroute's CPU per payment in a profile of {@code bench/payments}. Their values
 * (the binding's version, Java's, the operating system's, the process's telemetry id) do not change while the
 * process runs.
 */
final class StripeTransport extends HttpClient {

    private final Map<ApiMode, String> userAgents = new EnumMap<>(ApiMode.class);
    private volatile String clientUserAgent;

    @Override
    public StripeResponse request(StripeRequest request) throws ApiConnectionException {
        try {
            HttpURLConnection connection = open(request);
            int status = connection.getResponseCode();
            HttpHeaders headers = HttpHeaders.of(connection.getHeaderFields());
            String body;
            try (InputStream in = status >= 200 && status < 300 ? connection.getInputStream() : connection.getErrorStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new StripeResponse(status, headers, body);
        } catch (IOException e) {
            // stripe-java's words for a request that did not get an answer, with where it went (never the key).
            throw new ApiConnectionException(String.format("IOException during API request to Stripe (%s): %s",
                    request.url().getProtocol() + "://" + request.url().getAuthority(), e.getMessage()), e);
        }
    }

    private HttpURLConnection open(StripeRequest request) throws IOException {
        Proxy proxy = request.options().getConnectionProxy();
        HttpURLConnection connection = (HttpURLConnection) (proxy == null
                ? request.url().openConnection() : request.url().openConnection(proxy));
        connection.setConnectTimeout(request.options().getConnectTimeout());
        connection.setReadTimeout(request.options().getReadTimeout());
        connection.setUseCaches(false);
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            connection.setRequestProperty(header.getKey(), String.join(",", header.getValue()));
        }
        connection.setRequestProperty("User-Agent", userAgent(request));
        connection.setRequestProperty("X-Stripe-Client-User-Agent", clientUserAgent());
        connection.setRequestMethod(request.method().name());
        if (request.content() != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", request.content().contentType());
            try (OutputStream out = connection.getOutputStream()) {
                out.write(request.content().byteArrayContent());
            }
        }
        return connection;
    }

    private String userAgent(StripeRequest request) {
        ApiMode mode = request.apiMode();
        synchronized (userAgents) {
            return userAgents.computeIfAbsent(mode, m -> buildUserAgentString(request));
        }
    }

    private String clientUserAgent() {
        String value = clientUserAgent;
        if (value == null) {
            value = buildXStripeClientUserAgentString();
            clientUserAgent = value;
        }
        return value;
    }
}
