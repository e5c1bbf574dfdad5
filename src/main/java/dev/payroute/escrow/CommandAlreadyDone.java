package dev.payroute.escrow;

/**
 * The Kafka command running an operation is in the command log: it was run to its end (its effects or its refusal
 * are committed), and a duplicate has no second effect. Its offset is simply committed.
 */
public final class CommandAlreadyDone extends RuntimeException {

    public CommandAlreadyDone(String commandKey) {
        super("command " + commandKey + " was done already", null, false, false);
    }
}
