package dev.payroute.sql;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Named-parameter statements from {@link SqlStatements}, and transactions around several of them. */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 5;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SqlStatements statements = new SqlStatements();

    public Database(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    public int update(String statement, Map<String, ?> params) {
        return jdbc.update(statements.get(statement), new MapSqlParameterSource(params));
    }

    public List<Map<String, Object>> query(String statement, Map<String, ?> params) {
        return jdbc.queryForList(statements.get(statement), new MapSqlParameterSource(params));
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
