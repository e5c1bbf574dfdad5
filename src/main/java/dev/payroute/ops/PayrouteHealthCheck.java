package dev.payroute.ops;

import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * A readiness check of payroute's in Camel's health-check registry, group {@value #GROUP}; /health/ready
 * answers from the checks of this group. A check that goes DOWN takes the instance out of the load
 * balancer (503), unless its failure only degrades the service ({@value #WHEN_DOWN} = {@value #DEGRADED}
 * in its metadata: a broker, whose events wait in the outbox meanwhile). The word the readiness body
 * shows for a check is its {@value #STATUS} detail, or else its state in lower case.
 */
public abstract class PayrouteHealthCheck extends AbstractHealthCheck {

    public static final String GROUP = "payroute";
    public static final String WHEN_DOWN = "payroute.when-down";
    public static final String DEGRADED = "degraded";
    public static final String STATUS = "status";

    private final int order;

    protected PayrouteHealthCheck(String id, int order, boolean onlyDegrades) {
        super(GROUP, id, onlyDegrades ? Map.of(WHEN_DOWN, DEGRADED) : null);
        this.order = order;
    }

    /** The order of the readiness body; the outbox check also relies on the database check running first. */
    @Override
    public int getOrder() {
        return order;
    }
}
