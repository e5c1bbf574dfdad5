package dev.payroute.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one test JVM owns on this machine, so that two test runs side by side never collide: its own
 * PostgreSQL database (payroute_test_&lt;epoch seconds&gt;_&lt;random&gt;, dropped when the JVM exits) and
 * its own free HTTP port for the service under test. A run that was killed cannot drop its database;
 * the next run drops test databases older than {@link #STALE_AFTER}.
 */
public final class TestRun {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";
    private static final Duration STALE_AFTER = Duration.ofHours(6);
    private static final Pattern TEST_DATABASE = Pattern.compile("payroute_test_(\\d{10})_[a-z0-9]{6}");

    private static final String DATABASE = "payroute_test_" + Instant.now().getEpochSecond() + "_" + randomSuffix();
    private static final int HTTP_PORT = freePort();

    static {
        dropStaleDatabases();
        Runtime.getRuntime().addShutdownHook(new Thread(TestRun::dropOwnDatabase, "drop-test-database"));
    }

    private TestRun() {
    }

    /** This JVM's database, created by the service under test on its first start. */
    public static String databaseName() {
        return DATABASE;
    }

    public static String jdbcUrl() {
        return SERVER + DATABASE;
    }

    /** The HTTP port of the service the route tests start in this JVM. */
    public static int httpPort() {
        return HTTP_PORT;
    }

    /** A pool on this JVM's database, created and migrated when missing (application.properties' limits). */
    public static com.zaxxer.hikari.HikariDataSource openDatabase(int poolSize) {
        return dev.payroute.config.DatabaseBootstrap.open(dev.payroute.config.DatabaseUrl.parse(jdbcUrl(), USER, ""),
                new dev.payroute.config.DatabaseBootstrap.Limits(poolSize, 2, 3, 5, 3000, 1000, 30000, 1800000));
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomSuffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static void dropStaleDatabases() {
        long staleBefore = Instant.now().minus(STALE_AFTER).getEpochSecond();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement st = c.createStatement()) {
            List<String> stale = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'payroute\\_test\\_%'")) {
                while (rs.next()) {
                    Matcher m = TEST_DATABASE.matcher(rs.getString(1));
                    if (m.matches() && Long.parseLong(m.group(1)) < staleBefore) {
                        stale.add(rs.getString(1));
                    }
                }
            }
            for (String name : stale) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            System.err.println("could not drop stale test databases: " + e.getMessage());
        }
    }

    private static void dropOwnDatabase() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop the test database " + DATABASE + ": " + e.getMessage());
        }
    }
}
