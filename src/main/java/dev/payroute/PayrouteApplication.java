package dev.payroute;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Starts payroute: Camel Main with the routes in routes/ and the settings in application.properties. */
public final class PayrouteApplication {

    private static final Logger LOG = LoggerFactory.getLogger(PayrouteApplication.class);

    private PayrouteApplication() {
    }

    public static void main(String[] args) {
        // Whatever was started before a failure (pools, the stand-in's server thread) must not keep the JVM alive.
        System.exit(run(Map.of(), args));
    }

    /**
     * Runs payroute until it stops; returns the process exit status. The overrides win over
     * application.properties and the environment (the local launcher's own database and broker).
     */
    public static int run(Map<String, String> overrides, String[] args) {
        try {
            // No package scan: application.properties names the configuration class (camel.main.configuration-classes).
            Main main = new Main();
            overrides.forEach(main::addOverrideProperty);
            main.run(args);
            return 0;
        } catch (Exception e) {
            LOG.error("payroute failed to start or stopped with an error", e);
            return 1;
        }
    }
}
