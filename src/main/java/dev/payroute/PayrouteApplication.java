package dev.payroute;

import dev.payroute.http.GatedPlatformHttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import sun.misc.Signal;
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
     * SIGTERM is a request to stop, not the JVM's end: the HTTP server stops taking requests at once (readiness
     * answers 503), then Camel Main stops the context as it does at the end of a run: consumers first, inflight
     * exchanges given camel.main.shutdown-timeout (PAYROUTE_SHUTDOWN_TIMEOUT_SECONDS) to finish, their offsets and
     * acks committed, services closed. run then returns 0 and the process exits with 0, where the JVM's own
     * handling would end it with 143 while Camel still stops.
     */
    private static void stopOnSigterm(Main main) {
        Signal.handle(new Signal("TERM"), signal -> {
            LOG.info("SIGTERM: no new requests; stopping");
            CamelContext context = main.getCamelContext();
            GatedPlatformHttpServer server = context == null ? null : context.hasService(GatedPlatformHttpServer.class);
            if (server != null) {
                server.stopTakingRequests();
            }
            main.completed();
        });
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
            stopOnSigterm(main);
            main.run(args);
            return 0;
        } catch (Exception e) {
            LOG.error("payroute failed to start or stopped with an error", e);
            return 1;
        }
    }
}
