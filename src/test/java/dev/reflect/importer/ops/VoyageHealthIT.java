package dev.reflect.importer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.testsupport.ImporterProcess;
import dev.reflect.importer.testsupport.QdrantServer;
import dev.reflect.importer.testsupport.VoyageContractServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflect watch} in Voyage AI mode (PREFER_LOCAL_EMBEDDINGS=false and a key) in its own process, against
 * the real Qdrant and the test suite's Voyage contract server: ready before anything was embedded, and the
 * readiness probes send Voyage AI nothing. Its start-up line says where the management endpoints are.
 */
class VoyageHealthIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String KEY = "test-voyage-key-5e2a81";

    @TempDir
    Path work;

    @Test
    void should_be_ready_in_voyage_mode_when_qdrant_answers_and_the_key_is_set_without_calling_voyage()
            throws IOException {
        Path logs = Files.createDirectories(work.resolve("projects"));
        try (VoyageContractServer voyage = new VoyageContractServer();
             ImporterProcess importer = ImporterProcess.watch(logs, work, QdrantServer.shared(), Map.of(
                     "PREFER_LOCAL_EMBEDDINGS", "false", "VOYAGE_API_KEY", KEY, "VOYAGE_URL", voyage.url()))) {
            // watch(...) returns once /observe/health answered 200; ask again, as a HEALTHCHECK would.
            HttpResponse<String> health = importer.get("/observe/health");

            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            JsonNode checks = MAPPER.readTree(health.body()).path("checks");
            assertThat(checks.findValuesAsText("name")).contains("qdrant", "model");
            for (JsonNode check : checks) {
                if (check.path("name").asText().matches("qdrant|model")) {
                    assertThat(check.path("status").asText()).as(check.toString()).isEqualTo("UP");
                }
            }
            assertThat(health.body()).doesNotContain(KEY);
            assertThat(voyage.requests()).as("requests sent to Voyage AI").isEmpty();
            assertThat(importer.output()).doesNotContain(KEY).contains("Management: health " + importer.baseUrl()
                    + "/observe/health, metrics " + importer.baseUrl() + "/observe/metrics, Jolokia " + importer.baseUrl()
                    + "/observe/jolokia; login off");
        }
    }
}
