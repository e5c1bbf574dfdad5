package dev.payroute.ops;

import dev.payroute.domain.Refusal;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /api/v1/admin/routes[/{route_id}] and POST .../suspend|resume: read from Camel's route MBeans
 * (ManagedCamelContext, the objects JMX shows under org.apache.camel type=routes), so HTTP and a JMX client see
 * the same counters, and acted on through Camel's route controller, as the MBean's suspend and resume are. A suspended consumer stops taking messages (a Kafka consumer pauses its
 * partitions and commits nothing further) and takes them up where it left off when resumed.
 *
 * <p>Some routes must keep running whatever an operator does: the route views and actions themselves (a
 * suspended resume route could never be resumed over HTTP) and the health probes (an orchestrator would take
 * the instance out or restart it). Asking to suspend one is refused as a conflict that says why.
 */
public final class RouteControl {

    private static final Map<String, String> KEPT_RUNNING = keptRunning();

    private final CamelContext context;
    private final RouteFailures failures;

    public RouteControl(CamelContext context, RouteFailures failures) {
        this.context = context;
        this.failures = failures;
    }

    private static Map<String, String> keptRunning() {
        Map<String, String> kept = new LinkedHashMap<>();
        String control = "it serves the route views and actions; suspended, it could not be resumed over HTTP";
        for (String id : List.of("api-admin-routes", "api-admin-route", "api-admin-route-suspend", "api-admin-route-resume",
                "rest-admin-routes", "rest-admin-route", "rest-admin-route-suspend", "rest-admin-route-resume")) {
            kept.put(id, control);
        }
        String probe = "it answers a health probe; suspended, orchestrators would restart or remove the instance";
        for (String id : List.of("api-health", "api-health-live", "api-health-ready", "rest-health", "rest-health-live",
                "rest-health-ready", "rest-compat-audiobook-health", "rest-compat-audiobook-health-live",
                "rest-compat-audiobook-health-ready")) {
            kept.put(id, probe);
        }
        return Map.copyOf(kept);
    }

    /** Why a route must not be suspended, or null when it may be. */
    static String whyKeptRunning(String routeId) {
        return KEPT_RUNNING.get(routeId);
    }

    public Map<String, Object> list() {
        List<Map<String, Object>> items = new ArrayList<>();
        managed().getManagedRoutes().stream().sorted(Comparator.comparing(ManagedRouteMBean::getRouteId))
                .forEach(route -> items.add(view(route)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("total", items.size());
        return body;
    }

    public Map<String, Object> get(@Header("route_id") String routeId) {
        return view(require(routeId));
    }

    public Map<String, Object> suspend(@Header("route_id") String routeId) throws Exception {
        ManagedRouteMBean route = require(routeId);
        String why = whyKeptRunning(routeId);
        if (why != null) {
            throw Refusal.conflict("route-kept-running", "route " + routeId + " cannot be suspended: " + why)
                    .with("route_id", routeId);
        }
        if (!supportsSuspension(routeId)) {
            throw Refusal.conflict("route-not-suspendable", "route " + routeId + "'s consumer cannot be suspended")
                    .with("route_id", routeId);
        }
        if (!"Suspended".equals(route.getState())) {
            context.getRouteController().suspendRoute(routeId);
        }
        return view(route);
    }

    public Map<String, Object> resume(@Header("route_id") String routeId) throws Exception {
        ManagedRouteMBean route = require(routeId);
        if ("Suspended".equals(route.getState())) {
            context.getRouteController().resumeRoute(routeId);
        } else if ("Stopped".equals(route.getState())) {
            throw Refusal.conflict("route-stopped", "route " + routeId + " is stopped, not suspended; it is started"
                    + " by its configuration or a restart").with("route_id", routeId);
        }
        return view(route);
    }

    /**
     * True while the route's consumer is suspending or suspended. A Kafka consumer pauses its partitions only after
     * the records of its current poll have gone through the route; a route whose consumer commits its offsets by
     * hand asks this first and leaves such a record uncommitted for after the resume.
     */
    public boolean consumerSuspended(String routeId) {
        org.apache.camel.Route route = context.getRoute(routeId);
        return route != null && route.getConsumer() instanceof org.apache.camel.support.service.ServiceSupport consumer
                && consumer.isSuspendingOrSuspended();
    }

    /**
     * Whether the route's consumer can pause and take up again where it stopped (the route MBean may have been
     * registered before its consumer existed, so the route itself is asked). Others could only be stopped. A
     * {@code direct:} route is called by another route in the caller's thread: Camel lets it suspend, but its callers
     * then wait 30 s for a consumer and fail (an HTTP request answers 500, a Kafka command goes to its dead letters),
     * so nothing would wait; it is refused.
     */
    private boolean supportsSuspension(String routeId) {
        org.apache.camel.Route route = context.getRoute(routeId);
        return route != null && route.supportsSuspension() && !directlyCalled(route);
    }

    /** Whether an admin may suspend the route: its consumer can pause, and it is not one kept running (the admin page asks). */
    public static boolean suspendable(org.apache.camel.Route route) {
        return route.supportsSuspension() && !directlyCalled(route) && whyKeptRunning(route.getRouteId()) == null;
    }

    static boolean directlyCalled(org.apache.camel.Route route) {
        String uri = route.getEndpoint() == null ? "" : route.getEndpoint().getEndpointUri();
        return uri.startsWith("direct:");
    }

    private ManagedRouteMBean require(String routeId) {
        ManagedRouteMBean route = routeId == null ? null : managed().getManagedRoute(routeId);
        if (route == null) {
            throw new Refusal(Refusal.Kind.NOT_FOUND, "route-not-found", "no route with id " + routeId, "route_id")
                    .with("route_id", routeId);
        }
        return route;
    }

    private ManagedCamelContext managed() {
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        if (managed == null) {
            throw new IllegalStateException("Camel's management (camel.main.jmx-enabled) is off");
        }
        return managed;
    }

    private Map<String, Object> view(ManagedRouteMBean route) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", route.getRouteId());
        view.put("description", route.getDescription());
        view.put("state", route.getState());
        view.put("suspendable", supportsSuspension(route.getRouteId()) && whyKeptRunning(route.getRouteId()) == null);
        view.put("endpoint", route.getEndpointUri());
        Map<String, Object> exchanges = new LinkedHashMap<>();
        exchanges.put("total", route.getExchangesTotal());
        exchanges.put("completed", route.getExchangesCompleted());
        exchanges.put("failed", route.getExchangesFailed());
        exchanges.put("failures_handled", route.getFailuresHandled());
        exchanges.put("inflight", route.getExchangesInflight());
        view.put("exchanges", exchanges);
        Map<String, Object> processing = new LinkedHashMap<>();
        long completed = route.getExchangesCompleted() + route.getExchangesFailed();
        processing.put("mean_ms", completed == 0 ? null : route.getMeanProcessingTime());
        processing.put("max_ms", completed == 0 ? null : route.getMaxProcessingTime());
        processing.put("last_ms", completed == 0 ? null : route.getLastProcessingTime());
        view.put("processing", processing);
        view.put("last_error", failures.last(route.getRouteId()).map(RouteControl::error).orElse(null));
        return view;
    }

    private static Map<String, Object> error(RouteFailures.LastFailure failure) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("at", failure.at().toString());
        error.put("type", failure.type());
        error.put("message", failure.message());
        error.put("handled", failure.handled());
        return error;
    }
}
