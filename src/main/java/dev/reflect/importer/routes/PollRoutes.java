package dev.reflect.importer.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.RouteController;

/**
 * Suspends and resumes the running routes of a group (the memory guard's hands): the poll template's routes
 * are the group {@code pollers} ({@code routes/import.yaml}), so a poller added there is paused too.
 */
public final class PollRoutes {

    private final CamelContext context;

    public PollRoutes(CamelContext context) {
        this.context = context;
    }

    public void suspend(String group) throws Exception {
        RouteController routes = context.getRouteController();
        for (Route route : context.getRoutes()) {
            if (group.equals(route.getGroup()) && routes.getRouteStatus(route.getRouteId()) == ServiceStatus.Started) {
                routes.suspendRoute(route.getRouteId());
            }
        }
    }

    public void resume(String group) throws Exception {
        RouteController routes = context.getRouteController();
        for (Route route : context.getRoutes()) {
            if (group.equals(route.getGroup()) && routes.getRouteStatus(route.getRouteId()) == ServiceStatus.Suspended) {
                routes.resumeRoute(route.getRouteId());
            }
        }
    }
}
