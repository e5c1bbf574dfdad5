package dev.payroute.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Statements kept in {@code src/main/resources/sql/<concern>/<name>.sql}, one per file.
 * Files use camel-sql's {@code :#name} parameters so routes can run them directly; Java
 * callers get them with Spring's {@code :name} form for NamedParameterJdbcTemplate.
 */
public final class SqlStatements {

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public String get(String name) {
        return cache.computeIfAbsent(name, SqlStatements::load);
    }

    private static String load(String name) {
        String path = "sql/" + name + ".sql";
        try (InputStream in = SqlStatements.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL file " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(":#", ":");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
