package dev.reflect.importer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.voyage.VoyageEmbeddings;
import dev.reflect.importer.testsupport.VoyageContractServer;
import java.time.Duration;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The model check in Voyage AI mode, against the test suite's Voyage contract server. */
class ModelHealthCheckTest {

    @Test
    void should_be_up_in_voyage_mode_with_a_key_before_any_request_and_send_none() throws Exception {
        try (VoyageContractServer voyage = new VoyageContractServer();
             Embedder embedder = voyageEmbedder(voyage.url(), "test-key-not-real");
             DefaultCamelContext context = new DefaultCamelContext()) {
            ModelHealthCheck check = new ModelHealthCheck(embedder);
            check.setCamelContext(context);

            HealthCheck.Result first = check.call();
            HealthCheck.Result second = check.call();

            assertThat(first.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(second.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(first.getDetails()).containsEntry("provider", "voyage").doesNotContainKey("dimension");
            assertThat(first.getDetails().values().toString()).doesNotContain("test-key-not-real");
            assertThat(voyage.requests()).as("requests the health check sent to Voyage AI").isEmpty();
        }
    }

    @Test
    void should_report_the_dimension_once_a_query_has_been_embedded() throws Exception {
        try (VoyageContractServer voyage = new VoyageContractServer();
             Embedder embedder = voyageEmbedder(voyage.url(), "test-key-not-real");
             DefaultCamelContext context = new DefaultCamelContext()) {
            ModelHealthCheck check = new ModelHealthCheck(embedder);
            check.setCamelContext(context);

            embedder.embed("cache the weather forecasts");
            HealthCheck.Result result = check.call();

            assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(result.getDetails()).containsEntry("dimension", VoyageContractServer.DIMENSION);
        }
    }

    @Test
    void should_be_down_in_voyage_mode_without_a_key() throws Exception {
        try (VoyageContractServer voyage = new VoyageContractServer();
             Embedder embedder = voyageEmbedder(voyage.url(), null);
             DefaultCamelContext context = new DefaultCamelContext()) {
            ModelHealthCheck check = new ModelHealthCheck(embedder);
            check.setCamelContext(context);

            HealthCheck.Result result = check.call();

            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("no API key"));
            assertThat(voyage.requests()).isEmpty();
        }
    }

    private static Embedder voyageEmbedder(String url, String key) {
        return new VoyageEmbeddings(url, "voyage-3-large", key, 32_000, Duration.ofSeconds(5), new ObjectMapper())
                .queryEmbedder();
    }
}
