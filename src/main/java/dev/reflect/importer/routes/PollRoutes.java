package dev.reflect.importer.routes;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;

/** Suspends and resumes the poll routes that are running (the memory guard's hands). */
public final class PollRoutes {

    private static final List<String> POLLERS = List.of("poll-logs", "poll-hot", "poll-warm", "poll-cold");

    private final CamelContext context;

    public PollRoutes(CamelContext context) {
        this.context = context;
    }

    public void suspend() throws Exception {
        for (String id : POLLERS) {
            if (context.getRouteController().getRouteStatus(id) == ServiceStatus.Started) {
                context.getRouteController().suspendRoute(id);
            }
        }
    }

    public void resume() throws Exception {
        for (String id : POLLERS) {
            if (context.getRouteController().getRouteStatus(id) == ServiceStatus.Suspended) {
                context.getRouteController().resumeRoute(id);
            }
        }
    }
}
