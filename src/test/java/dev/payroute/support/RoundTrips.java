package dev.payroute.support;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Counts the round trips the service makes to PostgreSQL, per thread, by standing in front of the PostgreSQL JDBC
 * driver: every statement executed (a SQL text with several statements is one round trip: the driver sends them
 * together and waits once), every statement the driver is asked to describe (getParameterMetaData, which camel-sql
 * calls before each execution), every COMMIT or ROLLBACK the driver sends (a commit of a transaction that ran nothing
 * sends nothing) and every connection check of the pool (isValid). Install it before the service's pool opens
 * ({@link #install()}, from a test class's static initialiser); record with {@link #start()}.
 *
 * <p>A transaction, as pg_stat_database.xact_commit counts it, is an explicit COMMIT or a statement run in autocommit.
 */
public final class RoundTrips {

    public enum Kind { STATEMENT, DESCRIBE, COMMIT, ROLLBACK, VALIDATION }

    /** One round trip: which thread made it, what it was, the SQL (null for COMMIT, ROLLBACK, VALIDATION), whether in autocommit. */
    public record Trip(String thread, Kind kind, String sql, boolean autocommit) {
        public boolean isTransaction() {
            return kind == Kind.COMMIT || (kind == Kind.STATEMENT && autocommit);
        }

        @Override
        public String toString() {
            return kind + (sql == null ? "" : " " + sql.replaceAll("\\s+", " ").trim()) + (autocommit ? " (autocommit)" : "")
                    + " [" + thread + "]";
        }
    }

    private static final List<Trip> TRIPS = Collections.synchronizedList(new ArrayList<>());
    private static volatile boolean recording;
    private static volatile boolean installed;

    private RoundTrips() {
    }

    /** Puts the counting driver in front of the PostgreSQL driver for jdbc:postgresql: URLs opened from now on. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Driver real = new org.postgresql.Driver();
            List<Driver> others = new ArrayList<>();
            for (Driver d : Collections.list(DriverManager.getDrivers())) {
                others.add(d);
                DriverManager.deregisterDriver(d);
            }
            DriverManager.registerDriver(new Counting(real));
            for (Driver d : others) {
                DriverManager.registerDriver(d);
            }
            installed = true;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets what was recorded and records from now on. */
    public static void start() {
        TRIPS.clear();
        recording = true;
    }

    /** Stops recording; returns what was recorded. */
    public static List<Trip> stop() {
        recording = false;
        synchronized (TRIPS) {
            return List.copyOf(TRIPS);
        }
    }

    public static List<Trip> of(List<Trip> trips, Predicate<String> thread) {
        return trips.stream().filter(t -> thread.test(t.thread())).toList();
    }

    /** Statements, commits and rollbacks (the pool's connection checks apart). */
    public static long roundTrips(List<Trip> trips) {
        return trips.stream().filter(t -> t.kind() != Kind.VALIDATION).count();
    }

    public static long transactions(List<Trip> trips) {
        return trips.stream().filter(Trip::isTransaction).count();
    }

    public static String describe(List<Trip> trips) {
        StringBuilder b = new StringBuilder();
        trips.forEach(t -> b.append("\n  ").append(t));
        return b.toString();
    }

    private static void record(Kind kind, String sql, boolean autocommit) {
        if (recording) {
            TRIPS.add(new Trip(Thread.currentThread().getName(), kind, sql, autocommit));
        }
    }

    private static final class Counting implements Driver {
        private final Driver real;

        Counting(Driver real) {
            this.real = real;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            Connection c = real.connect(url, info);
            return c == null ? null : (Connection) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, new ConnectionHandler(c));
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return real.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return real.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return real.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return real.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return real.jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return real.getParentLogger();
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection real;

        ConnectionHandler(Connection real) {
            this.real = real;
        }

        private boolean inTransaction() throws SQLException {
            return real.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "commit" -> {
                    if (inTransaction()) {
                        record(Kind.COMMIT, null, false);
                    }
                }
                case "rollback" -> {
                    if (args == null && inTransaction()) {
                        record(Kind.ROLLBACK, null, false);
                    }
                }
                case "setAutoCommit" -> {
                    if (Boolean.TRUE.equals(args[0]) && !real.getAutoCommit() && inTransaction()) {
                        record(Kind.COMMIT, null, false);
                    }
                }
                case "isValid" -> record(Kind.VALIDATION, null, real.getAutoCommit());
                case "unwrap", "isWrapperFor" -> {
                    return call(real, method, args);
                }
                default -> {
                }
            }
            Object result = call(real, method, args);
            if (result instanceof Statement statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                        : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[]{type},
                        new StatementHandler(statement, sql, real));
            }
            return result;
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement real;
        private final String preparedSql;
        private final Connection connection;

        StatementHandler(Statement real, String preparedSql, Connection connection) {
            this.real = real;
            this.preparedSql = preparedSql;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("getParameterMetaData")) {
                // The driver asks the server to describe the statement: a round trip of its own.
                record(Kind.DESCRIBE, preparedSql, connection.getAutoCommit());
            }
            if (name.startsWith("execute")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : preparedSql;
                record(Kind.STATEMENT, name.equals("executeBatch") ? "[batch] " + preparedSql : sql, connection.getAutoCommit());
            }
            return call(real, method, args);
        }
    }
}
