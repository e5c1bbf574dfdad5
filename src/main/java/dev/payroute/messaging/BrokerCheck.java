package dev.payroute.messaging;

/** Whether a broker the outbox is relayed to answers, for /health/ready. */
public interface BrokerCheck {

    /** The name in the readiness body: kafka or rabbitmq. */
    String name();

    /** False when this instance does not relay to the broker (not configured). */
    boolean enabled();

    /** Asks the broker, within about a second. */
    boolean up();
}
