package dev.payroute.http;

import dev.payroute.RouteVariables;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.concurrent.atomic.AtomicInteger;

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
 *
 * <p>The gate also bounds the requests taken at once (payroute.http.max-inflight-requests): Vert.x hands each to a
 * worker thread or queues it without bound, so past the limit a request is answered 503 overloaded with
 * Retry-After at once rather than waiting until it times out.
 */
public final class GatedPlatformHttpServer extends VertxPlatformHttpServer {

    /** One INFO line per request once its answer is sent: method, path (no query), status, milliseconds. */
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.payroute.access");

    private final VertxPlatformHttpServerConfiguration configuration;
    private final int maxInflight;
    private final AtomicInteger inflight = new AtomicInteger();
    private volatile boolean stopping;

    /**
     * @param maxInflight requests taken at once (running on Vert.x's worker threads, or waiting for one); past
     *                    it a request is answered 503 with Retry-After at once (the health probes are never refused)
     */
    public GatedPlatformHttpServer(VertxPlatformHttpServerConfiguration configuration, int maxInflight) {
        super(configuration);
        this.configuration = configuration;
        this.maxInflight = maxInflight;
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

    /**
     * Writes the request's access line when its response ends, with the request's correlation id (the one the
     * reply carries, else the caller's) in the MDC as every other line of the request has it.
     */
    private static void accessLine(RoutingContext request) {
        long started = System.nanoTime();
        String method = request.request().method().name();
        String path = request.normalizedPath();
        request.addEndHandler(ended -> {
            String correlationId = request.response().headers().get("X-Correlation-Id");
            if (correlationId == null) {
                correlationId = request.request().getHeader("X-Correlation-Id");
            }
            try (MDC.MDCCloseable ignored = correlationId == null ? null : MDC.putCloseable(RouteVariables.CORRELATION_ID, correlationId)) {
                ACCESS.info("{} {} {} {}ms", method, path, request.response().getStatusCode(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        });
    }

    /** From now on every request, the readiness probe's too, is answered 503 stopping: the instance is leaving. */
    public void stopTakingRequests() {
        stopping = true;
    }

    private void gate(RoutingContext request) {
        accessLine(request);
        if (request.normalizedPath().startsWith("/admin")) {
            // The admin page is never cached (Camel's HTTP header filter drops a route's own Cache-Control).
            request.response().putHeader("Cache-Control", "no-store");
        }
        ServiceStatus status = getCamelContext().getStatus();
        if (status.isStarted() && !stopping) {
            if (request.normalizedPath().startsWith("/health")) {
                request.next();
                return;
            }
            if (inflight.incrementAndGet() > maxInflight) {
                inflight.decrementAndGet();
                request.response().putHeader("Retry-After", "1");
                RouterProblems.write(request, 503, "overloaded",
                        "payroute is taking " + maxInflight + " requests already; retry shortly");
                return;
            }
            request.addEndHandler(ended -> inflight.decrementAndGet());
            request.next();
            return;
        }
        boolean leaving = stopping || status.isStopping() || status.isStopped() || status.isSuspending() || status.isSuspended();
        request.response().putHeader("Retry-After", "1");
        RouterProblems.write(request, 503, leaving ? "stopping" : "starting",
                "payroute is " + (leaving ? "not taking requests" : "starting") + "; retry shortly");
    }
}
