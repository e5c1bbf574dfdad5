package dev.payroute.sql;

import dev.payroute.stripe.GatewayException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean "the database is not answering" (503, retry later) rather than a fault of ours (500). */
class DatabaseFailuresTest {

    private static final SQLTransientConnectionException POOL_TIMEOUT =
            new SQLTransientConnectionException("payroute-db - Connection is not available, request timed out after 3000ms");

    @Test
    void a_pool_that_hands_out_no_connection_is_unavailability() {
        assertTrue(DatabaseFailures.unavailable(POOL_TIMEOUT));
        assertTrue(DatabaseFailures.unavailable(new CannotGetJdbcConnectionException("no connection", POOL_TIMEOUT)));
        assertTrue(DatabaseFailures.unavailable(new CannotCreateTransactionException("no connection for transaction", POOL_TIMEOUT)));
    }

    @Test
    void a_connection_that_fails_or_times_out_under_a_statement_is_unavailability() {
        PSQLException socketTimeout = new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE, new SocketTimeoutException("Read timed out"));
        assertTrue(DatabaseFailures.unavailable(socketTimeout));
        assertTrue(DatabaseFailures.unavailable(new UncategorizedSQLException("insert", "INSERT ...", socketTimeout)));
        assertTrue(DatabaseFailures.unavailable(new TransactionSystemException("could not roll back",
                new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST))));
        assertTrue(DatabaseFailures.unavailable(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseFailures.unavailable(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseFailures.unavailable(new SQLException("sorry, too many clients already", "53300")));
        assertTrue(DatabaseFailures.unavailable(new QueryTimeoutException("canceling statement due to statement timeout")));
        assertTrue(DatabaseFailures.unavailable(new RuntimeCamelException(new CannotGetJdbcConnectionException("x", POOL_TIMEOUT))),
                "wrapped by Camel");
    }

    @Test
    void other_failures_are_not() {
        assertFalse(DatabaseFailures.unavailable(new DuplicateKeyException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505"))));
        assertFalse(DatabaseFailures.unavailable(new DataIntegrityViolationException("check",
                new SQLException("violates check constraint", "23514"))));
        assertFalse(DatabaseFailures.unavailable(new SQLException("could not serialize access", "40001")));
        assertFalse(DatabaseFailures.unavailable(new IllegalStateException("a bug")));
        assertFalse(DatabaseFailures.unavailable(new GatewayException.Transient("Stripe unreachable", "api_connection_error",
                new IOException("connect timed out"))), "the payment provider is not the database");
        assertFalse(DatabaseFailures.unavailable(null));
    }
}
