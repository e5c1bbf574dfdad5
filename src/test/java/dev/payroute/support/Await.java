package dev.payroute.support;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition that asynchronous work makes true (Awaitility), never a fixed sleep. */
public final class Await {

    private Await() {
    }

    public static void until(String what, Duration atMost, BooleanSupplier condition) {
        Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(25)).until(condition::getAsBoolean);
    }
}
