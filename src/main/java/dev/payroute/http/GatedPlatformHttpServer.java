package dev.payroute.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;

/**
 * payroute's HTTP server: Camel's Vert.x platform-http server with a gate in front of every route.
 *
 * <p>Camel Main's own server (camel-platform-http-main) is a context service, started before the
 * routes: it listens as soon as the context starts, and each REST route adds itself to the router
 * only when it starts, so for a second or two every path answers 404. Listening later is no way out:
 * the routes need the router, and the port it listens on, when they start. So this server installs
 * a first handler on the router before it listens: until the Camel context has started, which is
 * after every route has, and again once it stops or is suspended, a request gets 503 problem+json
 * with Retry-After instead of reaching the routes. Once listening, it answers the requests the router
 * refuses itself (unknown path, wrong method, body too large) in problem+json too (RouterProblems).
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

    /** Once it listens, the router Camel's server hands every request to is the server's request handler. */
    @Override
    protected void startServer() throws Exception {
        super.startServer();
        if (!(getServer().requestHandler() instanceof Router top)) {
            throw new IllegalStateException("the platform-http server's request handler is not a Vert.x router");
        }
        RouterProblems.install(top, VertxPlatformHttpRouter.lookup(getCamelContext(),
                VertxPlatformHttpRouter.getRouterNameFromPort(configuration.getPort())), configuration.getMaxBodySize());
    }

    private void gate(RoutingContext request) {
        if (request.normalizedPath().startsWith("/admin")) {
            // The admin page is never cached (Camel's HTTP header filter drops a route's own Cache-Control).
            request.response().putHeader("Cache-Control", "no-store");
        }
        ServiceStatus status = getCamelContext().getStatus();
        if (status.isStarted()) {
            request.next();
            return;
        }
        boolean leaving = status.isStopping() || status.isStopped() || status.isSuspending() || status.isSuspended();
        request.response().putHeader("Retry-After", "1");
        RouterProblems.write(request, 503, leaving ? "stopping" : "starting",
                "payroute is " + (leaving ? "not taking requests" : "starting") + "; retry shortly");
    }
}
