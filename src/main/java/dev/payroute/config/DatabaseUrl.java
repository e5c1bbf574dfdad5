package dev.payroute.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** DATABASE_URL as a JDBC URL or in the postgresql://user:pass@host:port/db form the booking service used. */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    public static DatabaseUrl parse(String url, String defaultUser, String defaultPassword) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(url, defaultUser, defaultPassword);
        }
        if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql:, postgresql:// or postgres://");
        }
        URI uri = URI.create(url);
        String user = defaultUser;
        String password = defaultPassword;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : defaultPassword;
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl("jdbc:postgresql://" + hostPort + uri.getRawPath() + query, user, password);
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
