package dev.payroute.messaging;

/**
 * A command that can never be processed. Without a correlation id (not JSON, not an object, no id) it
 * goes to the DLT alone; an {@link InvalidCommand} names its correlation id and is also answered.
 */
public class PoisonCommand extends RuntimeException {

    public PoisonCommand(String reason) {
        super(reason);
    }
}
