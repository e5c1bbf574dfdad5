package dev.payroute.messaging;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * RABBITMQ_URL in the AMQP URI form the predecessor services used: amqp://user:pass@host:port/vhost
 * (amqps:// for TLS). An empty path or a lone slash is the default virtual host "/"; "%2F" is "/" too.
 * {@link #toString()} leaves the password out, so the URL can be logged.
 */
public record RabbitMqUrl(boolean tls, String host, int port, String user, String password, String virtualHost) {

    public static RabbitMqUrl parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            // The message would echo the URL, password and all.
            throw new IllegalArgumentException("RABBITMQ_URL is not a valid amqp:// URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
            throw new IllegalArgumentException("RABBITMQ_URL must start with amqp:// or amqps://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("RABBITMQ_URL has no host");
        }
        boolean tls = scheme.equals("amqps");
        String user = "guest";
        String password = "guest";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String vhost = path.isEmpty() || path.equals("/") ? "/" : decode(path.substring(1));
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 5671 : 5672;
        return new RabbitMqUrl(tls, uri.getHost(), port, user, password, vhost);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String vhost = virtualHost.equals("/") ? "" : URLEncoder.encode(virtualHost, StandardCharsets.UTF_8);
        return (tls ? "amqps" : "amqp") + "://" + user + "@" + host + ":" + port + "/" + vhost;
    }
}
