package dev.payroute;

import dev.payroute.config.LocalServices;
import org.apache.camel.main.Main;

/** Starts payroute: Camel Main with the routes in routes/ and the settings in application.properties. */
public final class PayrouteApplication {

    private PayrouteApplication() {
    }

    public static void main(String[] args) throws Exception {
        // No package scan: application.properties names the configuration class (camel.main.configuration-classes).
        Main main = new Main();
        try (LocalServices local = LocalServices.startMissing()) {
            local.overrides().forEach(main::addOverrideProperty);
            main.run(args);
        }
    }
}
