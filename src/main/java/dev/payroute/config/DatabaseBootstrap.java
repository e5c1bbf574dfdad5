package dev.payroute.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Creates the database when it is missing, migrates it with Flyway and opens the pool. */
public final class DatabaseBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * The bounds of every wait on PostgreSQL (payroute.database.* in application.properties): the
     * driver's connect, login and socket timeouts in seconds, and the pool's waits in milliseconds.
     */
    public record Limits(int poolSize, int connectTimeoutSeconds, int loginTimeoutSeconds, int socketTimeoutSeconds,
                         long connectionTimeoutMs, long validationTimeoutMs, long keepaliveTimeMs, long maxLifetimeMs) {
    }

    private DatabaseBootstrap() {
    }

    public static HikariDataSource open(DatabaseUrl url, Limits limits) {
        createIfMissing(url, limits);
        // A migration may run as long as it needs: its connections have no socket timeout.
        Flyway.configure().dataSource(unpooled(url.jdbcUrl(), url, limits, 0))
                .locations("classpath:db/migration").load().migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        if (url.password() != null && !url.password().isEmpty()) {
            config.setPassword(url.password());
        }
        // Strings: the driver reads these with Properties.getProperty, which ignores any other type.
        config.addDataSourceProperty("connectTimeout", String.valueOf(limits.connectTimeoutSeconds()));
        config.addDataSourceProperty("loginTimeout", String.valueOf(limits.loginTimeoutSeconds()));
        config.addDataSourceProperty("socketTimeout", String.valueOf(limits.socketTimeoutSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.setMaximumPoolSize(limits.poolSize());
        config.setConnectionTimeout(limits.connectionTimeoutMs());
        config.setValidationTimeout(limits.validationTimeoutMs());
        config.setKeepaliveTime(limits.keepaliveTimeMs());
        config.setMaxLifetime(limits.maxLifetimeMs());
        config.setPoolName("payroute-db");
        return new HikariDataSource(config);
    }

    /** A connection at a time, with the pool's driver timeouts but the socket timeout given. */
    private static PGSimpleDataSource unpooled(String jdbcUrl, DatabaseUrl url, Limits limits, int socketTimeoutSeconds) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(url.user());
        if (url.password() != null && !url.password().isEmpty()) {
            dataSource.setPassword(url.password());
        }
        dataSource.setConnectTimeout(limits.connectTimeoutSeconds());
        dataSource.setLoginTimeout(limits.loginTimeoutSeconds());
        dataSource.setSocketTimeout(socketTimeoutSeconds);
        dataSource.setTcpKeepAlive(true);
        return dataSource;
    }

    private static void createIfMissing(DatabaseUrl url, Limits limits) {
        String name = url.databaseName();
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _ : " + name);
        }
        try (Connection c = unpooled(url.maintenanceUrl(), url, limits, limits.socketTimeoutSeconds()).getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + name);
                LOG.info("created database {}", name);
            }
        } catch (SQLException e) {
            // 42P04: another instance created it first.
            if (!"42P04".equals(e.getSQLState())) {
                LOG.warn("could not check or create database {} ({}); trying to use it as it is", name, e.getMessage());
            }
        }
    }
}
