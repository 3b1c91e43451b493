package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Qdrant that demands an API key ({@code QDRANT__SERVICE__API_KEY}, made at random per run). The importer
 * given the key in QDRANT_API_KEY imports and searches, and prints the key nowhere; without it, or with another
 * key, the import stops at start-up saying Qdrant refused QDRANT_API_KEY (not the key), and the state file stays
 * as the last good import left it.
 */
class QdrantApiKeyIT {

    private static final String PROJECT = "-Users-test-Code-api-key-notes";
    private static final String FILE = "-Users-paul-src-entireio-cli/9b76dc0f-dc1b-4822-ac56-53cfa3fbc032.jsonl";
    private static final String MORE = "-Users-alex-workspace-cli/1b3e6441-62e3-4b41-8a0c-9d252f531f7a.jsonl";

    @TempDir
    static Path work;

    static String key;
    static QdrantServer server;
    static Path logs;
    static Path stateFile;

    @BeforeAll
    static void startAServerThatDemandsAKey() throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        server = QdrantServer.start(Map.of("QDRANT__SERVICE__API_KEY", key), null);
        logs = work.resolve("logs");
        Path source = Corpus.projects().resolve(FILE);
        Files.copy(source, Files.createDirectories(logs.resolve(PROJECT)).resolve(source.getFileName()));
        stateFile = work.resolve("state/imported-files.json");
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_import_and_search_with_the_key_print_it_nowhere_and_refuse_a_missing_or_wrong_key() throws Exception {
        JarRun.Finished imported = run(List.of("import"), Map.of("QDRANT_API_KEY", key));
        assertThat(imported.exit()).as(imported.output()).isZero();
        long points = points();
        assertThat(points).isPositive();
        JarRun.Finished search = run(List.of("search", "command", "--project", "all", "--json"),
                Map.of("QDRANT_API_KEY", key));
        assertThat(search.exit()).as(search.output()).isZero();
        assertThat(search.output()).contains("\"collection\" : \"" + StoredChunks.collectionOf(PROJECT) + "\"");
        assertThat(imported.output() + search.output()).as("output of the runs with the key").doesNotContain(key);

        byte[] state = Files.readAllBytes(stateFile);
        Path more = Corpus.projects().resolve(MORE);
        Files.copy(more, logs.resolve(PROJECT).resolve(more.getFileName()));
        Files.writeString(logs.resolve(PROJECT).resolve(Path.of(FILE).getFileName()),
                "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"one more line\"}}\n",
                StandardOpenOption.APPEND);

        String wrongKey = key.substring(1) + "x";
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("QDRANT_API_KEY", wrongKey))) {
            JarRun.Finished refused = run(List.of("import"), env);
            String what = env.isEmpty() ? "no key" : "a wrong key";
            refused.output().lines().filter(l -> l.startsWith("reflect:"))
                    .forEach(l -> System.out.println("QdrantApiKeyIT, " + what + ": " + l));
            assertThat(refused.exit()).as("%s: %s", what, refused.output()).isEqualTo(2);
            assertThat(refused.output()).as(what).contains("Qdrant refused").contains("UNAUTHENTICATED")
                    .contains("QDRANT_API_KEY").doesNotContain(key).doesNotContain(wrongKey);
            assertThat(Files.readAllBytes(stateFile)).as("%s: the state file is not advanced", what).isEqualTo(state);
            assertThat(points()).as(what).isEqualTo(points);
        }
        JarRun.Finished refusedSearch = run(List.of("search", "command", "--project", "all"), Map.of());
        assertThat(refusedSearch.exit()).as(refusedSearch.output()).isEqualTo(1);
        assertThat(refusedSearch.output()).contains("Qdrant refused").contains("QDRANT_API_KEY");
        JarRun.Finished refusedStatus = run(List.of("status"), Map.of());
        assertThat(refusedStatus.exit()).as(refusedStatus.output()).isEqualTo(1);
        assertThat(refusedStatus.output()).contains("Qdrant refused").contains("QDRANT_API_KEY");
    }

    private static JarRun.Finished run(List<String> args, Map<String, String> env) throws Exception {
        return JarRun.run(args, logs, work, server, env);
    }

    private static long points() {
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, key, Duration.ofSeconds(30))) {
            return qdrant.count(StoredChunks.collectionOf(PROJECT));
        }
    }
}
