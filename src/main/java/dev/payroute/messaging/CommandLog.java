package dev.payroute.messaging;

import dev.payroute.RouteVariables;
import dev.payroute.sql.Database;
import org.apache.camel.Variable;

import java.util.Map;

/**
 * The command log: the keys (type and correlation id) of the Kafka commands run to their end, so that a duplicate has
 * no second effect. A command's key is written in the transaction that commits its effects (an authorisation's hold,
 * a refusal's payment.failed event) or, for a release and a revert, just after them; it is read before a release or a
 * revert runs, and by the statement that reserves an authorisation's hold (sql/escrow/reserve-hold.sql). Kept in
 * camel_messageprocessed, where Camel's JDBC idempotent repository kept it before (sql/commands/).
 */
public final class CommandLog {

    private final Database db;

    public CommandLog(Database db) {
        this.db = db;
    }

    /** Whether the command has not been run to its end yet. */
    public boolean isNew(@Variable(RouteVariables.COMMAND_KEY) String commandKey) {
        return db.queryOne("commands/select-done", Map.of("commandKey", commandKey)).isEmpty();
    }

    /** After a release or a revert has committed its effects (or found them done): the command is done. */
    public void recordDone(@Variable(RouteVariables.COMMAND_KEY) String commandKey) {
        db.update("commands/record-done", Map.of("commandKey", commandKey));
    }

    /** In the caller's transaction: records the command as done; false when it was recorded before (a duplicate). */
    boolean record(String commandKey) {
        return db.update("commands/record-done", Map.of("commandKey", commandKey)) == 1;
    }

    /** Runs the work in one transaction with the command's record; runs nothing for a command recorded before. */
    void onceRecorded(String commandKey, Runnable work) {
        db.inTransaction(() -> {
            if (commandKey == null || record(commandKey)) {
                work.run();
            }
            return null;
        });
    }
}
