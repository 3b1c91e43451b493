package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Qdrant is down during an import: the run fails loudly and records nothing, so the next run, with Qdrant
 * back, imports every file in full.
 */
class QdrantOutageIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROJECT = "qdrant-outage-it";
    private static final String COLLECTION = CollectionNames.UNPREFIXED.conversations(PROJECT, "local");
    private static final List<String> CORPUS_FILES = List.of(
            "sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl",
            "-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl",
            "-Users-alex-workspace-cli/1b3e6441-62e3-4b41-8a0c-9d252f531f7a.jsonl");

    @TempDir
    Path work;

    Path logs;
    Map<String, Integer> expectedMessages;
    QdrantServer server;

    @BeforeEach
    void copySmallLogsUnderOneProject() throws IOException {
        server = QdrantServer.shared();
        logs = work.resolve("logs");
        Path project = Files.createDirectories(logs.resolve(PROJECT));
        for (String file : CORPUS_FILES) {
            Path source = Corpus.projects().resolve(file);
            Files.copy(source, project.resolve(source.getFileName()));
        }
        expectedMessages = CorpusImportIT.messagesPerConversation(logs);
        // Every file has messages, so none of them can be recorded without storing a chunk.
        assertThat(expectedMessages).hasSize(CORPUS_FILES.size()).allSatisfy((file, messages) -> assertThat(messages).isPositive());
    }

    @AfterEach
    void dropTheCollection() {
        CliRun.deleteCollections(server, List.of(COLLECTION));
    }

    @Test
    void should_exit_1_naming_qdrant_and_record_no_file_when_qdrant_cannot_be_reached() throws IOException {
        CliRun run = importWhileQdrantIsDown();

        assertThat(run.exit()).as(run.printed()).isEqualTo(1);
        assertThat(run.err()).as(run.printed())
                .contains("reflect: import stopped: Qdrant")
                .contains(COLLECTION)
                .contains("run the import again");
        assertThat(run.summary()[0]).as("files imported").isZero();
        assertThat(recordedFiles()).isEmpty();
    }

    @Test
    void should_import_every_file_in_full_on_the_next_run_once_qdrant_is_back() throws IOException {
        assertThat(importWhileQdrantIsDown().exit()).isEqualTo(1);

        CliRun run = CliRun.reflect(CliRun.settings(logs, work, server), "import");

        assertThat(run.exit()).as(run.printed()).isZero();
        int messages = expectedMessages.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(run.out()).contains("Imported " + CORPUS_FILES.size() + " files: " + messages + " messages");
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30))) {
            Map<UUID, Map<String, Object>> points = qdrant.scrollAll(COLLECTION);
            expectedMessages.forEach((file, count) -> {
                String conversation = Path.of(file).getFileName().toString().replace(".jsonl", "");
                assertThat(points.values().stream().filter(p -> conversation.equals(p.get("conversation_id"))).count())
                        .as("points of %s (%d messages)", conversation, count)
                        .isEqualTo((long) Math.ceil(count / 5.0));
            });
            assertThat(qdrant.count(COLLECTION)).isEqualTo(points.size());
        }
        Map<String, JsonNode> recorded = recordedFiles();
        assertThat(recorded).containsOnlyKeys(expectedMessages.keySet());
        expectedMessages.forEach((file, count) ->
                assertThat(recorded.get(file).path("messages").asInt()).as(file).isEqualTo(count));
    }

    /** Qdrant's REST and gRPC ports closed, few and short retries. */
    private CliRun importWhileQdrantIsDown() {
        Map<String, String> settings = CliRun.settings(logs, work, "http://127.0.0.1:" + CliRun.closedPort(), CliRun.closedPort());
        settings.put("qdrant.retries", "2");
        settings.put("qdrant.retry-delay-ms", "10");
        settings.put("qdrant.retry-max-delay-ms", "50");
        return CliRun.reflect(settings, "import");
    }

    /** The state file's imported_files entries by path; none when there is no state file. */
    private Map<String, JsonNode> recordedFiles() throws IOException {
        Path state = work.resolve("state/imported-files.json");
        if (!Files.exists(state)) {
            return Map.of();
        }
        JsonNode root = MAPPER.readTree(state.toFile());
        Map<String, JsonNode> entries = new java.util.TreeMap<>();
        root.path("imported_files").fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
        assertThat(root.path("stream_position").path("file_metadata").size()).isEqualTo(entries.size());
        return entries;
    }
}
