package dev.reflect.importer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManagementEndpointsTest {

    private static final Map<String, String> WATCH = Map.of(
            "camel.management.enabled", "true",
            "camel.management.host", "127.0.0.1",
            "camel.management.port", "9876",
            "camel.management.health-check-enabled", "true",
            "camel.management.metrics-enabled", "true",
            "camel.management.jolokia-enabled", "true");

    @Test
    void should_name_the_urls_of_health_metrics_and_jolokia_and_say_login_is_off_on_the_loopback() {
        assertThat(ManagementEndpoints.describe(key -> Optional.ofNullable(WATCH.get(key)))).hasValue(
                "Management: health http://127.0.0.1:9876/observe/health, metrics http://127.0.0.1:9876/observe/metrics, "
                        + "Jolokia http://127.0.0.1:9876/observe/jolokia; login off (loopback only)");
    }

    @Test
    void should_say_login_is_on_and_show_the_host_and_port_the_server_uses() {
        Map<String, String> open = new java.util.HashMap<>(WATCH);
        open.putAll(Map.of("camel.management.host", "0.0.0.0", "camel.management.port", "19876",
                "camel.management.authentication-enabled", "true", "camel.management.jolokia-enabled", "false"));

        assertThat(ManagementEndpoints.describe(key -> Optional.ofNullable(open.get(key)))).hasValueSatisfying(line ->
                assertThat(line).contains("health http://0.0.0.0:19876/observe/health", "Jolokia off", "login on"));
    }

    @Test
    void should_say_nothing_when_the_management_server_is_off() {
        assertThat(ManagementEndpoints.describe(key -> Optional.empty())).isEmpty();
    }
}
