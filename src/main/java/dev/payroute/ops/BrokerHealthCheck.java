package dev.payroute.ops;

import dev.payroute.messaging.BrokerCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/**
 * A broker the outbox is relayed to (Kafka: a broker of the cluster answers; RabbitMQ: the relay's
 * connection is open or opens). Its outage only degrades the service: payments still work and their
 * events wait in the outbox, whereas taking every instance out of the load balancer would stop
 * payments for nothing. A broker this instance does not relay to is "disabled" (state UNKNOWN).
 */
public final class BrokerHealthCheck extends PayrouteHealthCheck {

    private final BrokerCheck broker;

    BrokerHealthCheck(BrokerCheck broker, int order) {
        super(broker.name(), order, true);
        this.broker = broker;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!broker.enabled()) {
            builder.detail(STATUS, "disabled").message("this instance does not relay events to " + broker.name()).unknown();
        } else if (broker.up()) {
            builder.up();
        } else {
            builder.down().message(broker.name() + " does not answer; events wait in the outbox");
        }
    }
}
