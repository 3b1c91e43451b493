package dev.reflect.importer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.login.Configuration;
import org.junit.jupiter.api.Test;

/** Which settings the console needs for its login ({@link Console#fromEnvironment}, {@link ConsoleRealm#install}). */
class ConsoleLoginSettingsTest {

    private static final Path WAR = Path.of("target/console/hawtio-war.war");
    private static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());

    @Test
    void should_need_no_user_on_the_loopback_interface() {
        assertThat(Console.fromEnvironment(Map.of(), WAR).jolokiaUrl()).isEqualTo("http://127.0.0.1:9876/observe/jolokia");
        assertThat(Console.fromEnvironment(Map.of("CONSOLE_HOST", "localhost"), WAR)).isNotNull();
        assertThat(Console.fromEnvironment(Map.of("CONSOLE_HOST", "::1"), WAR)).isNotNull();
    }

    @Test
    void should_refuse_another_host_without_management_user_and_password() {
        assertThatThrownBy(() -> Console.fromEnvironment(Map.of("CONSOLE_HOST", "0.0.0.0"), WAR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("CONSOLE_HOST=0.0.0.0", "MANAGEMENT_USER", "MANAGEMENT_PASSWORD");
    }

    @Test
    void should_refuse_another_host_with_only_one_of_user_and_password() {
        assertThatThrownBy(() -> Console.fromEnvironment(
                Map.of("CONSOLE_HOST", "0.0.0.0", "MANAGEMENT_USER", "operator"), WAR))
                .hasMessageContainingAll("MANAGEMENT_USER", "MANAGEMENT_PASSWORD");
        assertThatThrownBy(() -> Console.fromEnvironment(
                Map.of("CONSOLE_HOST", "0.0.0.0", "MANAGEMENT_USER", " ", "MANAGEMENT_PASSWORD", PASSWORD), WAR))
                .hasMessageContainingAll("MANAGEMENT_USER", "MANAGEMENT_PASSWORD")
                .message().doesNotContain(PASSWORD);
        assertThatThrownBy(() -> Console.fromEnvironment(
                Map.of("CONSOLE_HOST", "10.0.0.5", "MANAGEMENT_USER", "operator", "MANAGEMENT_PASSWORD", ""), WAR))
                .hasMessageContainingAll("CONSOLE_HOST=10.0.0.5", "MANAGEMENT_PASSWORD");
    }

    @Test
    void should_refuse_a_console_on_another_host_without_a_login_whatever_builds_it() {
        assertThatThrownBy(() -> new Console("0.0.0.0", 0, "127.0.0.1", 9876, WAR, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("MANAGEMENT_USER", "MANAGEMENT_PASSWORD");
    }

    @Test
    void should_point_hawtio_at_the_realm_without_the_password_in_system_properties() {
        Map<String, String> before = hawtioProperties();
        Configuration previous = Configuration.getConfiguration();
        ConsoleRealm realm = new ConsoleRealm("operator", PASSWORD);
        try {
            realm.install();

            assertThat(Configuration.getConfiguration()).isSameAs(realm);
            assertThat(hawtioProperties()).containsEntry("hawtio.authenticationEnabled", "true")
                    .containsEntry("hawtio.realm", ConsoleRealm.NAME)
                    .containsEntry("hawtio.roles", ConsoleLoginModule.ROLE)
                    .containsEntry("hawtio.rolePrincipalClasses", ConsoleLoginModule.RolePrincipal.class.getName());
            assertThat(System.getProperties().values()).noneMatch(v -> v.toString().contains(PASSWORD));
        } finally {
            Configuration.setConfiguration(previous);
            hawtioProperties().keySet().forEach(System::clearProperty);
            before.forEach(System::setProperty);
        }
    }

    private static Map<String, String> hawtioProperties() {
        Map<String, String> hawtio = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("hawtio.")) {
                hawtio.put(k.toString(), v.toString());
            }
        });
        return hawtio;
    }
}
