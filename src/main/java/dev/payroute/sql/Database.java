package dev.payroute.sql;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Named-parameter statements from {@link SqlStatements}, and transactions around several of them.
 *
 * <p>Round trips: inside a transaction, a write whose result nobody reads (an audit row, an outbox event, a
 * billing record) may be handed to {@link #updateLater}; it is sent together with the transaction's next
 * statement, as one multi-statement round trip (the driver sends them all and waits once), or on its own just
 * before the commit when no statement follows. It is always sent before anything else the transaction runs, so
 * the transaction reads what it wrote, in the order it wrote it; a rollback drops what was not sent.
 */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 5;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SqlStatements statements = new SqlStatements();
    /** A waiting write's statement with its parameters renamed for its place in a round trip (name#place): made once. */
    private final java.util.concurrent.ConcurrentMap<String, String> renamed = new java.util.concurrent.ConcurrentHashMap<>();

    public Database(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public int update(String statement, Map<String, ?> params) {
        List<Pending> pending = takePending();
        if (pending == null) {
            return jdbc.update(statements.get(statement), new MapSqlParameterSource(params));
        }
        Object last = withPending(pending, statement, params);
        return last instanceof Integer count ? count : 0;
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> query(String statement, Map<String, ?> params) {
        List<Pending> pending = takePending();
        if (pending == null) {
            return jdbc.queryForList(statements.get(statement), new MapSqlParameterSource(params));
        }
        Object last = withPending(pending, statement, params);
        return last instanceof List<?> rows ? (List<Map<String, Object>>) rows : List.of();
    }

    /**
     * A write whose result is not needed (its update count is never read): inside a transaction it goes with the
     * transaction's next statement, in one round trip, or just before the commit; outside one it runs at once.
     */
    public void updateLater(String statement, Map<String, ?> params) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            update(statement, params);
            return;
        }
        @SuppressWarnings("unchecked")
        List<Pending> pending = (List<Pending>) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(new SendBeforeCommit());
        }
        pending.add(new Pending(statement, Map.copyOf(nullsAllowed(params))));
    }

    /**
     * Runs {@code work} once this thread's transaction has committed (a rolled-back one never runs it, a retried
     * one only after the attempt that commits); outside a transaction at once. For log lines that must not
     * report what did not happen.
     */
    public static void afterCommit(Runnable work) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            work.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                work.run();
            }
        });
    }

    /** The writes waiting in this thread's transaction, taken (none: null). */
    @SuppressWarnings("unchecked")
    private List<Pending> takePending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        List<Pending> pending = (List<Pending>) TransactionSynchronizationManager.getResource(this);
        if (pending == null || pending.isEmpty()) {
            return null;
        }
        List<Pending> taken = List.copyOf(pending);
        pending.clear();
        return taken;
    }

    /**
     * The waiting writes, then the statement (null: none), as one multi-statement round trip. Each waiting write's
     * parameters are renamed apart (w0_name, w1_name, ...). Returns the last statement's result: its rows, or its
     * update count.
     */
    private Object withPending(List<Pending> pending, String statement, Map<String, ?> params) {
        List<String> sql = new ArrayList<>();
        MapSqlParameterSource source = new MapSqlParameterSource();
        for (int i = 0; i < pending.size(); i++) {
            Pending write = pending.get(i);
            String prefix = "w" + i + "_";
            sql.add(renamed.computeIfAbsent(write.statement() + '#' + i,
                    key -> withoutTrailingSemicolon(renameParameters(statements.get(write.statement()), prefix))));
            write.params().forEach((name, value) -> source.addValue(prefix + name, value == NULL ? null : value));
        }
        if (statement != null) {
            sql.add(withoutTrailingSemicolon(statements.get(statement)));
            source.addValues(params);
        }
        // Each on its own line: a statement ending in a -- comment cannot swallow the separator.
        String joined = String.join("\n;\n", sql);
        return jdbc.execute(joined, source, (PreparedStatement ps) -> {
            boolean resultSet = ps.execute();
            Object last = null;
            while (true) {
                if (resultSet) {
                    try (ResultSet rs = ps.getResultSet()) {
                        last = new RowMapperResultSetExtractor<>(new ColumnMapRowMapper()).extractData(rs);
                    }
                } else {
                    int count = ps.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    last = count;
                }
                resultSet = ps.getMoreResults();
            }
            return last;
        });
    }

    private static String withoutTrailingSemicolon(String statement) {
        String trimmed = statement.strip();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    /** :name → :prefixname outside quoted text, -- comments and :: casts. */
    static String renameParameters(String sql, String prefix) {
        StringBuilder out = new StringBuilder(sql.length() + 32);
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (!quoted && c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end - 1;
                continue;
            }
            out.append(c);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == ':' && i + 1 < sql.length()
                    && (Character.isLetter(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_')
                    && (i == 0 || sql.charAt(i - 1) != ':')) {
                out.append(prefix);
            }
        }
        return out.toString();
    }

    private static final Object NULL = new Object();

    /** Map.copyOf refuses null values: they are kept as a marker. */
    private static Map<String, Object> nullsAllowed(Map<String, ?> params) {
        Map<String, Object> copy = new java.util.HashMap<>();
        params.forEach((k, v) -> copy.put(k, v == null ? NULL : v));
        return copy;
    }

    private record Pending(String statement, Map<String, Object> params) {
    }

    /** Sends what still waits just before the commit; forgets it after the transaction, whatever its end. */
    private final class SendBeforeCommit implements TransactionSynchronization {
        @Override
        public void beforeCommit(boolean readOnly) {
            List<Pending> pending = takePending();
            if (pending != null) {
                withPending(pending, null, Map.of());
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(Database.this);
        }
    }

    public Optional<Map<String, Object>> queryOne(String statement, Map<String, ?> params) {
        List<Map<String, Object>> rows = query(statement, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** A timestamptz column as the driver returns it (Timestamp through JdbcTemplate, OffsetDateTime otherwise). */
    public static java.time.Instant instant(Object column) {
        if (column instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (column instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException("not a timestamp: " + column);
    }

    /**
     * Runs the work in one transaction. A deadlock or serialisation failure (SQLSTATE 40P01, 40001) rolls
     * it back and runs it again, a few times, so that concurrent requests never see it; the work must
     * therefore do nothing outside the database. Inside an enclosing transaction it simply joins it (the
     * outermost one retries).
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return transactions.execute(status -> work.get());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> work.get());
            } catch (ConcurrencyFailureException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("transaction attempt {} lost a concurrency race ({}); running it again", attempt, e.getMessage());
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }
}
