package dev.reflect.importer.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.ImporterProcess;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflect watch} importing the corpus in its own process, observed and steered the way an operator
 * would: /observe/health, /observe/metrics, and Jolokia (throttle, suspend and resume, the access policy).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "test-qdrant-key-7d1b9c";
    private static final String CONTEXT = "org.apache.camel:context=reflect-importer";
    private static final String THROTTLE = CONTEXT + ",type=processors,name=\\\"embed-throttle\\\"";
    private static final Pattern EMBEDDED = Pattern.compile("(?m)^reflect_chunks_embedded_total (\\S+)$");

    @TempDir
    static Path work;

    static ImporterProcess importer;

    @BeforeAll
    static void startTheImporter() {
        // Two hours old: a backlog of warm files, embedded through embed-throttle (live sessions have a worker of their own).
        Path logs = Corpus.projectsAged(work.resolve("projects"), Duration.ofHours(2));
        importer = ImporterProcess.watch(logs, work, QdrantServer.shared(), Map.of("QDRANT_API_KEY", SECRET));
    }

    @AfterAll
    static void stopTheImporter() {
        if (importer != null) {
            importer.close();
        }
    }

    @Test
    @Order(1)
    void should_report_ready_when_qdrant_answers_and_the_model_is_loaded() throws IOException {
        HttpResponse<String> health = importer.get("/observe/health");

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode checks = MAPPER.readTree(health.body()).path("checks");
        assertThat(checks.findValuesAsText("name")).contains("qdrant", "model", "context");
        for (JsonNode check : checks) {
            if (check.path("name").asText().matches("qdrant|model")) {
                assertThat(check.path("status").asText()).as(check.toString()).isEqualTo("UP");
            }
        }
    }

    @Test
    @Order(2)
    void should_serve_camel_and_importer_metrics_in_prometheus_format() {
        HttpResponse<String> metrics = importer.get("/observe/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("camel_exchanges_total{")
                .contains("routeId=\"embed-chunks\"")
                .contains("# TYPE reflect_files_imported_total counter")
                .contains("# TYPE reflect_messages_total counter")
                .contains("# TYPE reflect_chunks_embedded_total counter")
                .contains("# TYPE reflect_malformed_lines_total counter")
                .contains("# TYPE reflect_embedding_seconds histogram")
                .contains("reflect_embedding_seconds_bucket{le=")
                .contains("# TYPE reflect_backlog_files gauge")
                .contains("# TYPE reflect_state_lag_seconds gauge")
                .contains("reflect_memory_guard_engaged 0.0");
    }

    @Test
    @Order(3)
    void should_hold_the_new_embedding_rate_after_the_throttle_is_changed_over_jolokia() throws Exception {
        try {
            double before = chunksPerSecond(3_000);

            write(THROTTLE, "TimePeriodMillis", 1000);
            write(THROTTLE, "MaximumRequests", 2);
            assertThat(read(THROTTLE, "TimePeriodMillis").asLong()).isEqualTo(1000);
            pause(1_500); // one period for the change to take hold, and the two workers' chunks in flight to finish
            long start = embedded();
            long startNanos = System.nanoTime();
            pause(6_000);
            long chunks = embedded() - start;
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double after = chunks / seconds;

            System.out.printf(Locale.ROOT, "Throttle over Jolokia: before %.1f chunks/s (unthrottled), after "
                    + "MaximumRequests=2 per 1000 ms %.1f chunks/s (%d chunks in %.1f s)%n", before, after, chunks, seconds);
            assertThat(before).as("chunks/s before the change").isGreaterThan(0);
            // The throttle reports the maximum it applied to the last chunk: the new one once chunks went through.
            assertThat(read(THROTTLE, "MaximumRequests").asLong()).isEqualTo(2);
            assertThat(chunks).as("chunks embedded in %.1f s at 2 per second", seconds)
                    .isLessThanOrEqualTo((long) Math.ceil(seconds) * 2 + 1)
                    // a quarter of what the throttle lets through (or of what the model did unthrottled, when that is
                    // slower; a quarter, as the two cores are shared): an importer that stopped embedding fails here
                    .isGreaterThanOrEqualTo(Math.max(1, (long) (Math.min(2, before) * seconds / 4)));
        } finally {
            // back to what the importer started with, so a failure here leaves the later tests an unthrottled importer
            Properties configured = configuredSettings();
            write(THROTTLE, "TimePeriodMillis", Long.parseLong(configured.getProperty("importer.embed-throttle-period-ms")));
            write(THROTTLE, "MaximumRequests", Long.parseLong(configured.getProperty("importer.embed-throttle-max")));
        }
    }

    @Test
    @Order(4)
    void should_suspend_and_resume_the_pollers_over_jolokia() throws Exception {
        for (String route : new String[] {"poll-hot", "poll-warm", "poll-cold"}) {
            String mbean = CONTEXT + ",type=routes,name=\\\"" + route + "\\\"";
            assertThat(read(mbean, "State").asText()).isEqualTo("Started");

            exec(mbean, "suspend()");
            assertThat(read(mbean, "State").asText()).as(route).isEqualTo("Suspended");

            exec(mbean, "resume()");
            assertThat(read(mbean, "State").asText()).as(route).isEqualTo("Started");
        }
    }

    @Test
    @Order(5)
    void should_refuse_jolokia_writes_and_operations_the_policy_does_not_name() throws Exception {
        String route = CONTEXT + ",type=routes,name=\\\"poll-warm\\\"";
        String context = CONTEXT + ",type=context,name=\\\"reflect-importer\\\"";

        assertForbidden(jolokia("{\"type\":\"write\",\"mbean\":\"" + route + "\",\"attribute\":\"Tracing\",\"value\":true}"));
        assertForbidden(jolokia("{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"remove()\"}"));
        assertForbidden(jolokia("{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":\"stop()\"}"));
        assertForbidden(jolokia("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}"));
        assertThat(read(context, "State").asText()).isEqualTo("Started");
    }

    @Test
    @Order(6)
    void should_never_show_the_qdrant_api_key_in_mbeans_metrics_or_logs() throws Exception {
        JsonNode names = jolokia("{\"type\":\"search\",\"mbean\":\"*:*\"}").path("value");
        assertThat(names.size()).isGreaterThan(50);
        StringBuilder everything = new StringBuilder();
        for (JsonNode name : names) {
            String mbean = name.asText().replace("\\", "\\\\").replace("\"", "\\\"");
            everything.append(jolokia("{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"config\":{\"ignoreErrors\":true}}"));
        }

        assertThat(everything.toString()).contains("embed-throttle").doesNotContain(SECRET);
        assertThat(importer.get("/observe/metrics").body()).doesNotContain(SECRET);
        assertThat(importer.get("/observe/health").body()).doesNotContain(SECRET);
        assertThat(importer.output()).doesNotContain(SECRET);
    }

    /** application.properties as the importer under test reads it (the test sets no throttle of its own). */
    private static Properties configuredSettings() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = OperationsIT.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    private static double chunksPerSecond(long millis) throws InterruptedException {
        long start = embedded();
        long startNanos = System.nanoTime();
        pause(millis);
        return (embedded() - start) / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** Measures over a time window: the window itself is what is waited for. */
    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static long embedded() {
        String metrics = importer.get("/observe/metrics").body();
        Matcher m = EMBEDDED.matcher(metrics);
        assertThat(m.find()).as("reflect_chunks_embedded_total in\n%s", metrics).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static void write(String mbean, String attribute, long value) throws IOException {
        JsonNode answer = jolokia("{\"type\":\"write\",\"mbean\":\"" + mbean + "\",\"attribute\":\"" + attribute
                + "\",\"value\":" + value + "}");
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
    }

    private static JsonNode read(String mbean, String attribute) throws IOException {
        JsonNode answer = jolokia("{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\"" + attribute + "\"}");
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
        return answer.path("value");
    }

    private static void exec(String mbean, String operation) throws IOException {
        JsonNode answer = jolokia("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\"}");
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(200);
    }

    private static JsonNode jolokia(String json) throws IOException {
        HttpResponse<String> response = importer.jolokia(json);
        return MAPPER.readTree(response.body());
    }

    private static void assertForbidden(JsonNode answer) {
        assertThat(answer.path("status").asInt()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.path("error").asText()).contains("forbidden");
    }
}
