package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.embedding.onnx.ModelFiles;
import dev.reflect.importer.embedding.onnx.OnnxEmbedder;
import dev.reflect.importer.qdrant.ChunkPoint;
import dev.reflect.importer.qdrant.CollectionLayout;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.bench.Bench;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import dev.reflect.importer.upgrade.LayoutUpgrade;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection written before hybrid search (one plain vector per point, no BM25), whose log files Claude Code
 * has since deleted, moves to the current layout on the next start: from each point's payload text, into a new
 * collection that takes over the old name, resumable after a kill, nothing lost and nothing duplicated.
 */
class LayoutUpgradeIT {

    static final QdrantServer SERVER = QdrantServer.shared();

    @TempDir
    Path work;

    @Test
    void should_move_an_old_collection_whose_logs_are_gone_to_hybrid_search_even_when_killed_midway() throws Exception {
        String name = CollectionNames.UNPREFIXED.conversations("layout-upgrade-it", "local");
        Map<UUID, Map<String, Object>> original;
        try (QdrantStore qdrant = store(); OnnxEmbedder embedder = embedder()) {
            original = writeOldLayoutCollection(qdrant, embedder, name, 160);
        }
        Path logs = Files.createDirectories(work.resolve("logs")); // the session logs are long deleted

        Path firstOutput = work.resolve("first.log");
        Process first = JarRun.start("import", logs, work, SERVER, firstOutput, Map.of());
        try {
            awaitOutput(firstOutput, "Upgrading " + name + ": 64/160", Duration.ofSeconds(120));
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (QdrantStore qdrant = store()) {
            assertThat(qdrant.collectionAdmin().read(name).current()).as("old collection kept until copied").isFalse();
            assertThat(qdrant.count(name)).isEqualTo(160);
            assertThat(qdrant.count(name + CollectionNames.UPGRADED_SUFFIX)).isBetween(64L, 159L);
        }

        Path secondOutput = work.resolve("second.log");
        Process second = JarRun.start("import", logs, work, SERVER, secondOutput, Map.of());
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).as("second run ends").isTrue();
        String printed = Files.readString(secondOutput, StandardCharsets.UTF_8);
        assertThat(second.exitValue()).as(printed).isZero();
        assertThat(printed).contains("Upgraded collection " + name);

        try (QdrantStore qdrant = store(); OnnxEmbedder embedder = embedder()) {
            assertThat(qdrant.collectionAdmin().resolve(name)).isEqualTo(name + CollectionNames.UPGRADED_SUFFIX);
            assertThat(qdrant.collectionAdmin().read(name).current()).isTrue();
            assertThat(qdrant.collections()).contains(name).doesNotContain(name + CollectionNames.UPGRADED_SUFFIX);
            assertThat(qdrant.count(name)).isEqualTo(160);
            Map<UUID, Map<String, Object>> upgraded = qdrant.scrollAll(name);
            assertThat(upgraded.keySet()).isEqualTo(original.keySet());
            original.forEach((id, payload) -> assertThat(upgraded.get(id)).as("payload of %s", id)
                    .containsAllEntriesOf(payload));
            // The end of a long chunk, invisible to the old single vector, is now found first.
            Map.Entry<UUID, Map<String, Object>> longest = original.entrySet().stream()
                    .max(java.util.Comparator.comparingInt(e -> e.getValue().get("text").toString().length()))
                    .orElseThrow();
            String text = longest.getValue().get("text").toString();
            String[] words = text.substring(text.length() - 300).trim().split("\\s+");
            String span = String.join(" ", java.util.Arrays.copyOfRange(words, 1, 15));
            var search = new dev.reflect.importer.search.SearchService(qdrant, CollectionNames.UNPREFIXED, embedder, false, 0.3, 90,
                    Duration.ofSeconds(10), java.time.Clock.systemUTC());
            assertThat(search.search(dev.reflect.importer.search.SearchQuery.of(span, 1)
                    .withProject("layout-upgrade-it")).get(0).id()).isEqualTo(longest.getKey());
        }
    }

    /** The old layout, as the importer wrote it before: one plain 384-d vector of the text's first window. */
    private static Map<UUID, Map<String, Object>> writeOldLayoutCollection(QdrantStore qdrant, OnnxEmbedder embedder,
            String name, int count) {
        qdrant.collectionAdmin().create(name, new CollectionLayout(384, false, false));
        List<String> texts = Bench.chunkTexts(Corpus.projects().resolve("-Users-soph-Work-entire-devenv-cli"), 5);
        Map<UUID, Map<String, Object>> points = new LinkedHashMap<>();
        List<ChunkPoint> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = texts.get(i % texts.size()) + (i >= texts.size() ? "\n\n(copy " + i + ")" : "");
            UUID id = UUID.nameUUIDFromBytes(("old-" + i).getBytes(StandardCharsets.UTF_8));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("text", text);
            payload.put("conversation_id", "old-conversation-" + (i / 10));
            payload.put("chunk_index", (long) (i % 10));
            payload.put("timestamp", Instant.parse("2025-03-01T00:00:00Z").plusSeconds(3600L * i).toString());
            payload.put("project", "layout-upgrade-it");
            points.put(id, payload);
            batch.add(new ChunkPoint(name, id, embedder.embed(text), payload));
        }
        qdrant.upsert(batch);
        return points;
    }

    private static void awaitOutput(Path output, String expected, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "(no output)")
                        .as("the importer's output").contains(expected));
    }

    private static QdrantStore store() {
        return new QdrantStore(SERVER.host(), SERVER.grpcPort(), false, null, Duration.ofSeconds(30));
    }

    private static OnnxEmbedder embedder() {
        ModelFiles files = ModelFiles.extract(Path.of("target", "model-cache"));
        return new OnnxEmbedder(files.model(), files.tokenizer(), 256);
    }
}
