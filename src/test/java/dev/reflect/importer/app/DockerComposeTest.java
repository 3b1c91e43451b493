package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The container files, checked without a Docker engine: docker-compose.yaml's services, and the Dockerfile's
 * ENTRYPOINT being the very `camel run` command that scripts/camel-run-check.sh runs in CI.
 */
class DockerComposeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_declare_qdrant_importer_and_hawtio_with_pinned_images() throws IOException {
        Map<String, Map<String, Object>> services = services();

        assertThat(services).containsOnlyKeys("qdrant", "importer", "hawtio");
        services.forEach((name, service) -> assertThat((String) service.get("image")).as(name)
                .contains(":").doesNotEndWith(":latest"));
        assertThat(services.get("qdrant").get("image")).isEqualTo("qdrant/qdrant:v1.16.3");
        assertThat(services.get("hawtio").get("image")).isEqualTo(services.get("importer").get("image"));
    }

    @Test
    void should_health_check_qdrant_and_the_importer_and_wait_for_qdrant() throws IOException {
        Map<String, Map<String, Object>> services = services();

        assertThat(map(services.get("qdrant").get("healthcheck"))).containsKey("test");
        assertThat(map(services.get("importer").get("healthcheck")).get("test").toString())
                .contains("http://127.0.0.1:9876/observe/health");
        assertThat(map(map(services.get("importer").get("depends_on")).get("qdrant")))
                .containsEntry("condition", "service_healthy");
        assertThat(services.get("importer")).containsEntry("restart", "unless-stopped").containsKey("mem_limit");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_mount_the_logs_read_only_and_keep_the_state_on_a_volume() throws IOException {
        List<Object> volumes = (List<Object>) services().get("importer").get("volumes");

        assertThat(volumes).contains("~/.claude/projects:/logs:ro", "importer-data:/data");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_run_hawtio_only_in_the_console_profile() throws IOException {
        Map<String, Object> hawtio = services().get("hawtio");

        assertThat((List<Object>) hawtio.get("profiles")).containsExactly("console");
        assertThat(hawtio.get("entrypoint").toString()).contains("dev.reflect.importer.console.Console");
        assertThat(services().get("importer")).doesNotContainKey("profiles");
    }

    @Test
    void should_keep_hawtios_login_on_with_the_management_user_and_password() throws IOException {
        Map<String, Object> environment = map(services().get("hawtio").get("environment"));

        assertThat(environment).containsEntry("CONSOLE_HOST", "0.0.0.0")
                .containsEntry("MANAGEMENT_USER", "${MANAGEMENT_USER:-}")
                .containsEntry("MANAGEMENT_PASSWORD", "${MANAGEMENT_PASSWORD:-}");
        assertThat(environment.values().toString()).doesNotContain("authenticationEnabled");
    }

    @Test
    void should_run_in_the_container_the_camel_run_command_that_ci_checks() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT\\s+(\\[.*])\\s*$").matcher(dockerfile);
        assertThat(entrypoint.find()).as("a JSON-form ENTRYPOINT in the Dockerfile").isTrue();
        List<String> image = JSON.readValue(entrypoint.group(1), new TypeReference<>() { });

        String check = Files.readString(Path.of("scripts/camel-run-check.sh"), StandardCharsets.UTF_8);
        Matcher command = Pattern.compile("(?m)^CAMEL_RUN=\\((.*)\\)\\s*$").matcher(check);
        assertThat(command.find()).as("CAMEL_RUN=(...) in scripts/camel-run-check.sh").isTrue();
        List<String> ci = Arrays.asList(command.group(1).trim().split("\\s+"));

        assertThat(image).isEqualTo(ci).startsWith("scripts/camel", "run");
        assertThat(dockerfile).doesNotContainPattern("(?m)^CMD ").contains("HEALTHCHECK", "USER reflect",
                "libjemalloc2").doesNotContain("JAVA_TOOL_OPTIONS");
        // scripts/camel sources scripts/jvm-env.sh (allocator, JVM flags): both stages must copy it.
        assertThat(Pattern.compile("(?m)^COPY .*scripts/jvm-env\\.sh").matcher(dockerfile).results().count())
                .as("COPY lines with scripts/jvm-env.sh").isEqualTo(2);
    }

    @Test
    void should_take_the_base_images_as_build_arguments_with_the_official_images_as_defaults() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);

        assertThat(dockerfile).contains("ARG BUILD_BASE=maven:3.9-eclipse-temurin-17\n", "ARG RUN_BASE=eclipse-temurin:17-jre\n",
                "FROM ${BUILD_BASE} AS build\n", "FROM ${RUN_BASE}\n");
        assertThat(dockerfile.indexOf("ARG RUN_BASE=")).as("declared before the first FROM").isLessThan(dockerfile.indexOf("FROM "));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        String text = Files.readString(Path.of("docker-compose.yaml"), StandardCharsets.UTF_8);
        Map<String, Object> compose = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
