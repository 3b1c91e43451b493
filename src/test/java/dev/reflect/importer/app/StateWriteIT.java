package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.ImporterProcess;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state write cannot lie: a state folder that cannot be written stops the importer before it embeds anything;
 * a disk that fills up while the state is written leaves the state file as it was and fails the import; a write
 * that fails while watching makes the importer unhealthy until a retry succeeds.
 */
class StateWriteIT {

    private static final QdrantServer SERVER = QdrantServer.shared();
    private static final String PROJECT = "state-write-it";
    private static final String NOT_WRITTEN = "state-write-it-not-written";
    private static final Path FIRST = Corpus.projects()
            .resolve("-Users-soph-Work-entire-devenv-cli/488c5296-fc78-4fdf-8cfd-f1cae9454bd0.jsonl");
    private static final Path SECOND = Corpus.projects()
            .resolve("-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl");
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final String APPENDED = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":"
            + "\"one more question after the state folder broke\"},\"timestamp\":\"2026-01-01T00:00:00Z\"}\n";

    @TempDir
    Path work;

    @AfterAll
    static void dropTheCollection() {
        CliRun.deleteCollections(SERVER, List.of(StoredChunks.collectionOf(PROJECT), StoredChunks.collectionOf(NOT_WRITTEN)));
    }

    private Path stateFile() {
        return work.resolve("state/imported-files.json");
    }

    @Test
    void should_stop_with_exit_code_2_naming_the_state_folder_before_embedding_anything() throws IOException {
        Path logs = work.resolve("logs");
        StoredChunks.copy(FIRST, logs.resolve(NOT_WRITTEN));
        // Root ignores permission bits, so the folder is made impossible another way: a regular file is in its place.
        Files.writeString(work.resolve("state"), "not a folder");

        long started = System.nanoTime();
        CliRun run = CliRun.reflect(CliRun.settings(logs, work, SERVER), "import");

        assertThat(run.exit()).as(run.printed()).isEqualTo(2);
        assertThat(run.err()).as(run.printed()).contains("The state folder " + work.resolve("state") + " is not writable");
        assertThat(StoredChunks.byConversation(SERVER, NOT_WRITTEN)).as("nothing embedded or stored").isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void should_leave_the_state_file_as_it_was_and_fail_the_import_when_the_disk_fills_up_while_writing_it()
            throws Exception {
        Path logs = work.resolve("logs");
        StoredChunks.copy(FIRST, logs.resolve(PROJECT));
        CliRun first = CliRun.reflect(CliRun.settings(logs, work, SERVER), "import");
        assertThat(first.exit()).as(first.printed()).isZero();
        // A state bigger than the process may write (it keeps fields it does not know, so every write is this big),
        // under a limit that still lets the JVM unpack ONNX Runtime's 28 MB native library.
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode state = (ObjectNode) mapper.readTree(stateFile().toFile());
        var padding = state.putArray("padding");
        for (int i = 0; i < 48; i++) {
            padding.add("x".repeat(1 << 20));
        }
        mapper.writeValue(stateFile().toFile(), state);
        byte[] before = Files.readAllBytes(stateFile());
        StoredChunks.copy(SECOND, logs.resolve(PROJECT));

        Path output = work.resolve("import.log");
        Process limited = JarRun.startWithFileSizeLimit("import", 40 << 10, "512m", logs, work, SERVER, output);
        boolean exited = limited.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            limited.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(exited).as(printed).isTrue();
        assertThat(limited.exitValue()).as(printed).isEqualTo(1);
        assertThat(printed).contains("reflect: import stopped: Cannot write the state file " + stateFile())
                .contains("left as it was");
        assertThat(Files.readAllBytes(stateFile())).as("the state file, byte for byte").isEqualTo(before);
        try (var siblings = Files.list(stateFile().getParent())) {
            assertThat(siblings.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("imported-files.json", "imported-files.json.lock");
        }
    }

    @Test
    void should_report_unhealthy_while_the_state_cannot_be_written_and_record_once_it_can() throws Exception {
        Path logs = work.resolve("logs");
        Path log = StoredChunks.copy(FIRST, logs.resolve(PROJECT));
        String key = log.toAbsolutePath().normalize().toString();
        try (ImporterProcess watch = ImporterProcess.watch(logs, work, SERVER, Map.of())) {
            await(() -> Files.exists(stateFile()) && recordedSize(key) == sizeOf(log), "the log file recorded", watch);
            // The state file's place is taken by a folder with something in it: no rename can replace it.
            Files.delete(stateFile());
            Files.writeString(Files.createDirectories(stateFile()).resolve("blocker"), "x");
            Files.writeString(log, APPENDED, StandardOpenOption.APPEND);

            await(() -> stateCheck(watch).statusCode() == 503, "health DOWN", watch);
            HttpResponse<String> down = stateCheck(watch);
            assertThat(down.body()).as(down.body()).contains("\"name\":\"state\",\"status\":\"DOWN\"")
                    .contains("Cannot write the state file ");

            Files.delete(stateFile().resolve("blocker"));
            Files.delete(stateFile());

            await(() -> Files.isRegularFile(stateFile()) && recordedSize(key) == sizeOf(log),
                    "the grown log file recorded on a retry", watch);
            await(() -> stateCheck(watch).statusCode() == 200, "health UP again", watch);
        }
    }

    private static HttpResponse<String> stateCheck(ImporterProcess watch) {
        return watch.get("/observe/health");
    }

    private long recordedSize(String key) {
        return StoredChunks.state(stateFile()).path("stream_position").path("file_metadata").path(key).path("size").asLong(-1);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what, ImporterProcess watch) {
        try {
            Awaitility.await(what).atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " within " + WITHIN + "; importer output:\n" + watch.output(), e);
        }
    }
}
