package dev.payroute.http;

import dev.payroute.json.Json;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * payroute's HTTP server: Camel's Vert.x platform-http server with a gate in front of every route.
 *
 * <p>Camel Main's own server (camel-platform-http-main) is a context service, started before the
 * routes: it listens as soon as the context starts, and each REST route adds itself to the router
 * only when it starts, so for a second or two every path answers 404. Listening later is no way out:
 * the routes need the router, and the port it listens on, when they start. So this server installs
 * a first handler on the router before it listens: until the Camel context has started, which is
 * after every route has, and again once it stops or is suspended, a request gets 503 problem+json
 * with Retry-After instead of reaching the routes.
 */
public final class GatedPlatformHttpServer extends VertxPlatformHttpServer {

    private final VertxPlatformHttpServerConfiguration configuration;

    public GatedPlatformHttpServer(VertxPlatformHttpServerConfiguration configuration) {
        super(configuration);
        this.configuration = configuration;
    }

    @Override
    protected void initializeServer() {
        super.initializeServer();
        // The router exists and nothing listens yet: the gate comes before any route that will be added.
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort()));
        router.route().order(Integer.MIN_VALUE).handler(this::gate);
    }

    private void gate(RoutingContext request) {
        ServiceStatus status = getCamelContext().getStatus();
        if (status.isStarted()) {
            request.next();
            return;
        }
        boolean leaving = status.isStopping() || status.isStopped() || status.isSuspending() || status.isSuspended();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://payroute.dev/problems/" + (leaving ? "stopping" : "starting"));
        problem.put("title", "Service Unavailable");
        problem.put("status", 503);
        problem.put("detail", "payroute is " + (leaving ? "not taking requests" : "starting") + "; retry shortly");
        problem.put("instance", request.normalizedPath());
        request.response().setStatusCode(503)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Retry-After", "1")
                .end(Json.write(problem));
    }
}
