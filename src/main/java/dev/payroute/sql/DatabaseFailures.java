package dev.payroute.sql;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells a failure of the database to answer (down, unreachable, a connection cut or timed out, the
 * pool out of connections) from everything else. The first is no fault of the caller's or ours and
 * ends on its own: the HTTP edge answers it 503 with Retry-After, not 500.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Whether the failure, or anything that caused it, says the database is not answering. */
    public static boolean unavailable(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException // incl. Spring's CannotGetJdbcConnectionException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof QueryTimeoutException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException // Hikari: no connection within connectionTimeout
                    || t instanceof SQLNonTransientConnectionException
                    || (t instanceof SQLException sql && unavailableState(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception: refused, broken, timed out; pgjdbc reports a socket
     * timeout as 08006), 57P01-57P03 (the server shutting down or starting), 57014 (a statement
     * cancelled on a timeout) and 53300 (no connection slot left).
     */
    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("57014")
                || state.equals("53300"));
    }
}
