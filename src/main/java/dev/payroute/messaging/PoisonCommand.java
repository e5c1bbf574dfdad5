package dev.payroute.messaging;

/** A command that can never be processed (not JSON, unknown type, missing ids): it goes to the DLT at once. */
public final class PoisonCommand extends RuntimeException {

    public PoisonCommand(String reason) {
        super(reason);
    }
}
