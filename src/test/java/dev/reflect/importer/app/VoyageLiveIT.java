package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real Voyage AI API: runs only when VOYAGE_API_KEY (or VOYAGE_KEY) is set, and then imports
 * one small conversation (a few chunks, one request) and searches it.
 */
class VoyageLiveIT {

    @TempDir
    Path work;

    @Test
    void should_import_and_search_the_sample_with_the_real_voyage_api_when_a_key_is_set() throws Exception {
        String key = System.getenv("VOYAGE_API_KEY") != null ? System.getenv("VOYAGE_API_KEY") : System.getenv("VOYAGE_KEY");
        assumeTrue(key != null && !key.isBlank(), "VOYAGE_API_KEY is not set: the live Voyage AI test is skipped");
        QdrantServer server = QdrantServer.shared();
        String project = "-home-you-live-" + System.nanoTime();
        VoyageImportIT.writeConversation(work.resolve("logs/" + project), 10, 40);
        Map<String, String> settings = new HashMap<>();
        settings.put("importer.logs-dir", work.resolve("logs").toString());
        settings.put("importer.state-file", work.resolve("state.json").toString());
        settings.put("importer.dead-letter-file", work.resolve("dead-letters.jsonl").toString());
        settings.put("qdrant.url", server.httpUrl());
        settings.put("qdrant.grpc-port", Integer.toString(server.grpcPort()));
        settings.put("embedding.prefer-local", "false");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Reflect reflect = new Reflect(print, print, settings, System.getenv());

        assertThat(reflect.run(new String[] {"import"})).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(reflect.run(new String[] {"search", "redis cache latency", "--project", project, "--json"})).isZero();

        String collection = CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise(project), "voyage");
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30))) {
            assertThat(qdrant.count(collection)).isEqualTo(2);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"conversation_id\"");
    }
}
