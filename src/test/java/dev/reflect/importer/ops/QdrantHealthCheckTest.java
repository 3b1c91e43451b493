package dev.reflect.importer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.ImporterProcess;
import java.time.Duration;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class QdrantHealthCheckTest {

    @Test
    void should_be_down_within_its_timeout_when_qdrant_does_not_answer() throws Exception {
        int closedPort = ImporterProcess.freePort();
        try (QdrantStore qdrant = new QdrantStore("127.0.0.1", closedPort, false, null, Duration.ofSeconds(30));
             DefaultCamelContext context = new DefaultCamelContext()) {
            QdrantHealthCheck check = new QdrantHealthCheck(qdrant, "http://127.0.0.1:" + (closedPort - 1),
                    Duration.ofMillis(500));
            check.setCamelContext(context);

            long started = System.nanoTime();
            HealthCheck.Result result = check.call();

            assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("did not answer"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(check.isReadiness()).isTrue();
            assertThat(check.isLiveness()).isFalse();
        }
    }
}
