package dev.payroute;

import dev.payroute.config.LocalServices;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts payroute: Camel Main with the routes in routes/ and the settings in application.properties. */
public final class PayrouteApplication {

    private static final Logger LOG = LoggerFactory.getLogger(PayrouteApplication.class);

    private PayrouteApplication() {
    }

    public static void main(String[] args) {
        int status = 0;
        try (LocalServices local = LocalServices.startMissing()) {
            // No package scan: application.properties names the configuration class (camel.main.configuration-classes).
            Main main = new Main();
            local.overrides().forEach(main::addOverrideProperty);
            main.run(args);
        } catch (Exception e) {
            LOG.error("payroute failed to start or stopped with an error", e);
            status = 1;
        }
        // Whatever was started before a failure (pools, the stand-in's server thread) must not keep the JVM alive.
        System.exit(status);
    }
}
