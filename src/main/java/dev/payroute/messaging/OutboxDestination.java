package dev.payroute.messaging;

import java.util.Locale;

/** A broker the outbox is relayed to. Each has its own columns on the outbox rows and its own statements. */
public enum OutboxDestination {
    KAFKA("kafka"),
    RABBIT("rabbit");

    private final String key;

    OutboxDestination(String key) {
        this.key = key;
    }

    /** The name routes use (exchange property outboxDestination) and the prefix of its columns and SQL files. */
    public String key() {
        return key;
    }

    String statement(String what) {
        return "outbox/" + key + "-" + what;
    }

    public static OutboxDestination of(String key) {
        for (OutboxDestination destination : values()) {
            if (destination.key.equals(key.toLowerCase(Locale.ROOT))) {
                return destination;
            }
        }
        throw new IllegalArgumentException("no outbox destination " + key);
    }
}
