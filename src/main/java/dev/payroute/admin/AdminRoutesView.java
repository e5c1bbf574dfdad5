package dev.payroute.admin;

import dev.payroute.ops.RouteControl;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import static dev.payroute.admin.AdminLayout.badge;
import static dev.payroute.admin.AdminLayout.text;

/**
 * The routes section, read-only from Camel itself: every route's id, state (the route controller) and the
 * counters of its managed MBean. Suspend and resume are buttons calling POST /api/v1/admin/routes/{id}/suspend
 * and /resume; a server without that API answers 404 and the page says so.
 */
public final class AdminRoutesView {

    private static final String MISSING = "This server has no routes API (POST /api/v1/admin/routes/{id}/suspend|resume answered 404): "
            + "suspend and resume are not available here.";

    private final CamelContext context;

    public AdminRoutesView(CamelContext context) {
        this.context = context;
    }

    String render() {
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        List<Route> routes = new ArrayList<>(context.getRoutes());
        routes.sort(Comparator.comparing(Route::getRouteId));
        List<List<String>> cells = new ArrayList<>();
        for (Route route : routes) {
            String id = route.getRouteId();
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            ManagedRouteMBean mbean = managed == null ? null : managed.getManagedRoute(id);
            String base = "/api/v1/admin/routes/" + AdminLayout.encode(id);
            // Only routes an admin may suspend get the button (a route other routes call directly, the health probes and
            // these controls keep running); a suspended one can always be resumed.
            String actions = status == ServiceStatus.Suspended
                    ? AdminLayout.actionButton("Resume", base + "/resume", "Resume route " + id + "?", MISSING)
                    : RouteControl.suspendable(route)
                    ? AdminLayout.actionButton("Suspend", base + "/suspend", "Suspend route " + id + "? It stops taking messages until resumed.", MISSING)
                    : "";
            List<String> row = new ArrayList<>(List.of("<span class=\"mono\">" + text(id) + "</span>", badge(status), text(route.getDescription())));
            if (mbean == null) {
                row.addAll(List.of("", "", "", "", "", ""));
            } else {
                Date lastFailure = mbean.getLastExchangeFailureTimestamp();
                row.addAll(List.of(text(mbean.getExchangesInflight()), text(mbean.getExchangesCompleted()), text(mbean.getExchangesFailed()),
                        millis(mbean.getMeanProcessingTime()), millis(mbean.getMaxProcessingTime()),
                        lastFailure == null ? "" : AdminLayout.time(new java.sql.Timestamp(lastFailure.getTime()))));
            }
            row.add(actions);
            cells.add(row);
        }
        StringBuilder html = new StringBuilder("<p class=\"note\">From Camel's management API; times in milliseconds. ")
                .append("Suspending a consumer route stops it taking messages; they wait in their broker until it is resumed.</p>")
                .append("<p><label>Filter <input type=\"search\" id=\"route-filter\" placeholder=\"route id or description\"></label></p>");
        AdminLayout.table(html, "routes", List.of("Route", "State", "Description", "Inflight", "Completed", "Failed",
                "Mean ms", "Max ms", "Last failure (UTC)", ""), cells, "No routes.");
        return html.toString();
    }

    /** A processing time; Camel's -1 (no exchange yet) shows as nothing. */
    private static String millis(long value) {
        return value < 0 ? "" : text(value);
    }
}
