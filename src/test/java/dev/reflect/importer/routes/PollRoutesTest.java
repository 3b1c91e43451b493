package dev.reflect.importer.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The memory guard's hands: the routes of a route template's group, as import.yaml's pollers are. */
class PollRoutesTest {

    private static final String ROUTES = """
            - routeTemplate:
                id: poll-template
                parameters:
                  - name: startup
                route:
                  group: pollers
                  autoStartup: "{{startup}}"
                  from:
                    uri: timer:poll
                    parameters:
                      delay: 3600000
                    steps:
                      - log: polled
            - templatedRoute:
                routeTemplateRef: poll-template
                routeId: poll-one
                parameters:
                  - {name: startup, value: "true"}
            - templatedRoute:
                routeTemplateRef: poll-template
                routeId: poll-off
                parameters:
                  - {name: startup, value: "false"}
            - route:
                id: other
                from:
                  uri: timer:other
                  parameters:
                    delay: 3600000
                  steps:
                    - log: other
            """;

    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("pollers.yaml", ROUTES));
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void should_suspend_and_resume_only_the_started_routes_of_the_group() throws Exception {
        PollRoutes pollRoutes = new PollRoutes(context);

        pollRoutes.suspend("pollers");
        assertThat(status("poll-one")).isEqualTo(ServiceStatus.Suspended);
        assertThat(status("poll-off")).as("a poller that was not started stays so").isEqualTo(ServiceStatus.Stopped);
        assertThat(status("other")).isEqualTo(ServiceStatus.Started);

        pollRoutes.resume("pollers");
        assertThat(status("poll-one")).isEqualTo(ServiceStatus.Started);
        assertThat(status("poll-off")).isEqualTo(ServiceStatus.Stopped);
    }

    private ServiceStatus status(String routeId) {
        return context.getRouteController().getRouteStatus(routeId);
    }
}
