package dev.payroute.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Creates the database when it is missing, migrates it with Flyway and opens the pool. */
public final class DatabaseBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private DatabaseBootstrap() {
    }

    public static HikariDataSource open(DatabaseUrl url, int poolSize) {
        createIfMissing(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        if (url.password() != null && !url.password().isEmpty()) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("payroute-db");
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    private static void createIfMissing(DatabaseUrl url) {
        String name = url.databaseName();
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _ : " + name);
        }
        try (Connection c = DriverManager.getConnection(url.maintenanceUrl(), url.user(), url.password());
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
