package dev.payroute.sql;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Named-parameter statements from {@link SqlStatements}, and transactions around several of them. */
public final class Database {

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

    public <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }
}
