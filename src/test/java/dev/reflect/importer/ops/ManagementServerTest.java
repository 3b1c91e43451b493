package dev.reflect.importer.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.importer.app.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

    @Test
    void should_listen_on_the_loopback_port_9876_without_authentication_by_default() {
        Map<String, String> p = ManagementServer.properties(Map.of(), Map.of(), true);

        assertThat(p).containsEntry("camel.management.host", "127.0.0.1")
                .containsEntry("camel.management.port", "9876")
                .doesNotContainKey("camel.management.authentication-enabled");
    }

    @Test
    void should_take_the_port_from_management_port() {
        assertThat(ManagementServer.properties(Map.of("MANAGEMENT_PORT", "19876"), Map.of(), true))
                .containsEntry("camel.management.port", "19876");
    }

    @Test
    void should_run_no_management_server_for_a_one_shot_import() {
        assertThat(ManagementServer.properties(Map.of(), Map.of(), false))
                .containsEntry("camel.management.enabled", "false")
                .containsEntry("camel.metrics.enabled", "false");
    }

    @Test
    void should_refuse_another_host_without_user_and_password() {
        assertThatThrownBy(() -> ManagementServer.properties(Map.of("MANAGEMENT_HOST", "0.0.0.0"), Map.of(), true))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("MANAGEMENT_USER").hasMessageContaining("MANAGEMENT_PASSWORD");
        assertThatThrownBy(() -> ManagementServer.properties(
                Map.of("MANAGEMENT_HOST", "0.0.0.0", "MANAGEMENT_USER", "ops"), Map.of(), true))
                .isInstanceOf(SettingsException.class);
    }

    @Test
    void should_refuse_a_port_that_is_not_a_port() {
        assertThatThrownBy(() -> ManagementServer.properties(Map.of("MANAGEMENT_PORT", "http"), Map.of(), true))
                .isInstanceOf(SettingsException.class).hasMessageContaining("MANAGEMENT_PORT=http");
    }

    @Test
    void should_require_basic_authentication_from_a_users_file_on_another_host() throws Exception {
        Map<String, String> p = ManagementServer.properties(
                Map.of("MANAGEMENT_HOST", "0.0.0.0", "MANAGEMENT_USER", "ops", "MANAGEMENT_PASSWORD", "s3cret!"), Map.of(), true);

        assertThat(p).containsEntry("camel.management.host", "0.0.0.0")
                .containsEntry("camel.management.authentication-enabled", "true");
        Path users = Path.of(p.get("camel.management.basic-properties-file"));
        assertThat(Files.readString(users)).contains("user.ops=s3cret!,operator");
        assertThat(Files.getPosixFilePermissions(users)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(p.values()).noneMatch(v -> v.contains("s3cret"));
    }

    @Test
    void should_count_127_and_localhost_as_loopback_only() {
        assertThat(Hosts.isLoopback("127.0.0.1")).isTrue();
        assertThat(Hosts.isLoopback("localhost")).isTrue();
        assertThat(Hosts.isLoopback("::1")).isTrue();
        assertThat(Hosts.isLoopback("0.0.0.0")).isFalse();
        assertThat(Hosts.isLoopback("example.org")).isFalse();
    }
}
