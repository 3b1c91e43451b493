package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log files that disappear: one deleted from disk keeps its points and is marked gone in the state by the watch
 * mode; one moved to another folder of its project carries its progress over and is not embedded again.
 *
 * <p>Both start from one import of project A; then one file is deleted, the other moved into a subfolder of project A, and
 * a second import runs.
 */
class GoneAndMovedIT {

    private static final String PROJECT_A = "gone-and-moved-it-a";
    private static final String PROJECT_B = "gone-and-moved-it-b";
    private static final Path DELETED = Corpus.projects()
            .resolve("-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl");
    private static final Path MOVED = Corpus.projects()
            .resolve("-Users-soph-Work-entire-devenv-cli/488c5296-fc78-4fdf-8cfd-f1cae9454bd0.jsonl");
    private static final Duration MARKED_GONE_WITHIN = Duration.ofSeconds(60);

    static final QdrantServer SERVER = QdrantServer.shared();

    @TempDir
    static Path work;

    static Path logs;
    static Path deleted;
    static Path movedFrom;
    static Path movedTo;
    static CliRun afterMove;

    @BeforeAll
    static void importThenDeleteOneFileAndMoveTheOther() throws IOException {
        logs = work.resolve("logs");
        deleted = StoredChunks.copy(DELETED, logs.resolve(PROJECT_A));
        movedFrom = StoredChunks.copy(MOVED, logs.resolve(PROJECT_A));
        Map<String, String> settings = CliRun.settings(logs, work, SERVER);
        CliRun first = CliRun.reflect(settings, "import");
        assertThat(first.exit()).as(first.printed()).isZero();
        assertThat(first.summary()[0]).as(first.printed()).isEqualTo(2);

        Files.delete(deleted);
        movedTo = Files.move(movedFrom, Files.createDirectories(logs.resolve(PROJECT_A).resolve("archive"))
                .resolve(MOVED.getFileName()));
        afterMove = CliRun.reflect(settings, "import");
        assertThat(afterMove.exit()).as(afterMove.printed()).isZero();
    }

    @AfterAll
    static void dropTheCollections() {
        CliRun.deleteCollections(SERVER, List.of(StoredChunks.collectionOf(PROJECT_A), StoredChunks.collectionOf(PROJECT_B)));
    }

    @Test
    void should_carry_a_moved_files_progress_over_without_embedding_it_again() {
        assertThat(afterMove.summary()).as(afterMove.printed()).startsWith(1, 0, 0, 0);
        JsonNode state = StoredChunks.state(stateFile());
        JsonNode files = state.path("imported_files");
        int messages = StoredChunks.messagesIn(MOVED);
        assertThat(files.path(movedTo.toString()).path("messages").asInt()).as(state.toPrettyString()).isEqualTo(messages);
        assertThat(files.path(movedTo.toString()).path("chunks").asInt()).isEqualTo(StoredChunks.chunksFor(messages));
        assertThat(files.path(movedFrom.toString()).path("moved_to").asText()).as(state.toPrettyString())
                .isEqualTo(movedTo.toString());
        assertThat(state.path("stream_position").path("file_metadata").path(movedTo.toString()).path("offset").asLong())
                .isEqualTo(state.path("stream_position").path("file_metadata").path(movedFrom.toString()).path("offset").asLong());
        // Its points are where the first import stored them.
        assertThat(StoredChunks.of(SERVER, PROJECT_A, StoredChunks.conversationOf(MOVED)))
                .hasSize(StoredChunks.chunksFor(messages));
    }

    @Test
    void should_mark_a_deleted_file_gone_while_watching_and_keep_its_points() throws Exception {
        Path output = work.resolve("watch.log");
        Process watch = JarRun.start("watch", logs, work, SERVER, output, Map.of("WATCH_INTERVAL", "0.2"));
        try {
            Awaitility.await().atMost(MARKED_GONE_WITHIN).pollInterval(Duration.ofMillis(100))
                    .failFast("watch exited", () -> assertThat(watch.isAlive()).as("watch is still running: %s",
                            Files.exists(output) ? Files.readString(output) : "").isTrue())
                    .untilAsserted(() -> assertThat(markedGone()).as("%s marked gone; state:\n%s", deleted,
                            StoredChunks.state(stateFile()).toPrettyString()).isTrue());
        } finally {
            watch.destroy();
            if (!watch.waitFor(20, TimeUnit.SECONDS)) {
                watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(StoredChunks.of(SERVER, PROJECT_A, StoredChunks.conversationOf(DELETED)))
                .as("the deleted conversation stays searchable")
                .hasSize(StoredChunks.chunksFor(StoredChunks.messagesIn(DELETED)));
    }

    private static boolean markedGone() {
        Path state = stateFile();
        // The state file is replaced atomically (rename), so a read sees the old or the new content, whole.
        return Files.exists(state)
                && StoredChunks.state(state).path("imported_files").path(deleted.toString()).path("gone").asBoolean(false);
    }

    private static Path stateFile() {
        return work.resolve("state/imported-files.json");
    }
}
