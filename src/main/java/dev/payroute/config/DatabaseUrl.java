package dev.payroute.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * DATABASE_URL as a JDBC URL or in the postgresql://user:pass@host:port/db form the booking service used.
 * The password is kept apart from the JDBC URL, and no message or {@link #toString()} shows it.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    public static DatabaseUrl parse(String url, String defaultUser, String defaultPassword) {
        if (url.startsWith("jdbc:postgresql:")) {
            return withoutQueryPassword(url, defaultUser, defaultPassword);
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:, postgresql:// or postgres://");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // Not chained, and not its message: both would echo the URL, password and all.
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("DATABASE_URL has no host");
        }
        String user = defaultUser;
        String password = defaultPassword;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : defaultPassword;
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return withoutQueryPassword("jdbc:postgresql://" + hostPort + uri.getRawPath() + query, user, password);
    }

    /**
     * Moves a password=... query parameter out of the JDBC URL (it wins, as it would in the driver), so
     * the URL that Hikari, Flyway and our own log lines may print never carries it.
     */
    private static DatabaseUrl withoutQueryPassword(String jdbcUrl, String user, String password) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return new DatabaseUrl(jdbcUrl, user, password);
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : jdbcUrl.substring(query + 1).split("&")) {
            if (parameter.startsWith("password=")) {
                password = decode(parameter.substring("password=".length()));
            } else if (!parameter.isEmpty()) {
                kept.add(parameter);
            }
        }
        return new DatabaseUrl(jdbcUrl.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)), user, password);
    }

    /** The database name, from the path of the JDBC URL. */
    public String databaseName() {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? "" : rest.substring(slash + 1);
        int query = name.indexOf('?');
        return query < 0 ? name : name.substring(0, query);
    }

    /** The same server's maintenance database, used to create ours when it is missing. */
    public String maintenanceUrl() {
        String name = databaseName();
        int at = jdbcUrl.indexOf("/" + name, "jdbc:postgresql://".length());
        return jdbcUrl.substring(0, at) + "/postgres" + jdbcUrl.substring(at + 1 + name.length());
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + user + "]";
    }
}
