package dev.payroute.ops;

import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConsumer;
import org.apache.camel.component.kafka.TaskHealthState;
import org.apache.camel.health.HealthCheckResultBuilder;

import java.util.Map;

/**
 * With Kafka configured, an instance is ready only once its payment_commands consumer has subscribed
 * (the task states camel-kafka's own consumer check reads). After that a lost subscription is shown
 * ("not_subscribed") but no longer decides readiness: a Kafka outage is the kafka check's, which only
 * degrades the service.
 */
public final class KafkaConsumersHealthCheck extends PayrouteHealthCheck {

    public static final String ID = "kafka-consumers";

    private final String routeId;
    private volatile boolean subscribedOnce;

    KafkaConsumersHealthCheck(String routeId) {
        super(ID, 4, false);
        this.routeId = routeId;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        boolean subscribed = subscribed();
        subscribedOnce |= subscribed;
        builder.detail(STATUS, subscribed ? "subscribed" : "not_subscribed");
        if (subscribedOnce) {
            builder.up();
        } else {
            builder.down().message("the consumer of route " + routeId + " has not subscribed yet");
        }
    }

    private boolean subscribed() {
        Route route = getCamelContext().getRoute(routeId);
        if (route == null || !(route.getConsumer() instanceof KafkaConsumer consumer)) {
            return false;
        }
        var states = consumer.healthStates();
        return !states.isEmpty() && states.stream().allMatch(TaskHealthState::isReady);
    }
}
