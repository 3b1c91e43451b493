package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries of the logs folder that are not log files: each is skipped with one WARN, the listing goes on, and the
 * import of the real files finishes. {@code reflect import} runs as its own process, so a hang is a timeout, not a
 * test run that never ends.
 */
class OddEntriesIT {

    private static final QdrantServer SERVER = QdrantServer.shared();
    private static final String PROJECT_A = "odd-entries-it-a";
    private static final String PROJECT_B = "odd-entries-it-b";
    private static final String OUTSIDE = "odd-entries-it-outside";
    private static final Path GOOD = Corpus.projects()
            .resolve("-Users-soph-Work-entire-devenv-cli/488c5296-fc78-4fdf-8cfd-f1cae9454bd0.jsonl");
    private static final Path OTHER = Corpus.projects()
            .resolve("-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl");
    private static final Path ELSEWHERE = Corpus.projects()
            .resolve("-Users-chip-dev-ai-music/ba79134d-b6e9-4867-af0c-6941038c9e4b.jsonl");
    private static final long IMPORT_TIMEOUT_SECONDS = 180;

    @TempDir
    Path work;

    @AfterAll
    static void dropTheCollections() {
        CliRun.deleteCollections(SERVER, List.of(StoredChunks.collectionOf(PROJECT_A), StoredChunks.collectionOf(PROJECT_B),
                StoredChunks.collectionOf(OUTSIDE)));
    }

    @Test
    void should_skip_a_fifo_a_device_and_a_folder_named_like_log_files_and_import_the_rest() throws Exception {
        Path logs = work.resolve("logs");
        Path project = logs.resolve(PROJECT_A);
        StoredChunks.copy(GOOD, project);
        Path fifo = project.resolve("pipe.jsonl");
        assumeTrue(mkfifo(fifo), "mkfifo is not available here");
        Files.createSymbolicLink(project.resolve("null.jsonl"), Path.of("/dev/null"));
        Path folder = Files.createDirectories(project.resolve("folder.jsonl"));
        StoredChunks.copy(OTHER, folder);

        String output = importExpectingOneFile(logs);

        assertOneWarning(output, fifo, "is a FIFO (named pipe), not a regular file: skipped");
        assertOneWarning(output, project.resolve("null.jsonl"), "is a symbolic link to a character device");
        assertOneWarning(output, folder, "is a folder named like a log file: skipped");
        assertOnlyTheGoodConversation(PROJECT_A);
    }

    @Test
    void should_skip_link_loops_dangling_links_and_links_to_folders_and_import_the_rest() throws Exception {
        Path logs = work.resolve("logs");
        Path project = logs.resolve(PROJECT_A);
        StoredChunks.copy(GOOD, project);
        StoredChunks.copy(OTHER, logs.resolve(PROJECT_B));
        Path outside = StoredChunks.copy(ELSEWHERE, work.resolve("outside/" + OUTSIDE)).getParent();
        Path loop = Files.createSymbolicLink(project.resolve("loop.jsonl"), project.resolve("loop.jsonl"));
        Path dangling = Files.createSymbolicLink(project.resolve("gone.jsonl"), project.resolve("never-there.jsonl"));
        Path up = Files.createSymbolicLink(project.resolve("up"), logs);
        Path out = Files.createSymbolicLink(project.resolve("out"), outside);
        Path alias = Files.createSymbolicLink(logs.resolve(OUTSIDE), outside);

        String output = importExpecting(logs, 2);

        assertOneWarning(output, loop, "is a symbolic link loop: skipped");
        assertOneWarning(output, dangling, "is a dangling symbolic link");
        for (Path link : List.of(up, out, alias)) {
            assertOneWarning(output, link, "is a symbolic link to a folder");
        }
        assertOnlyTheGoodConversation(PROJECT_A);
        assertThat(StoredChunks.byConversation(SERVER, PROJECT_B)).as("project B: its own conversation, once")
                .containsOnlyKeys(StoredChunks.conversationOf(OTHER));
        assertThat(StoredChunks.byConversation(SERVER, OUTSIDE)).as("nothing from outside the logs folder").isEmpty();
    }

    private String importExpectingOneFile(Path logs) throws Exception {
        return importExpecting(logs, 1);
    }

    private String importExpecting(Path logs, int files) throws Exception {
        Path output = work.resolve("import.log");
        Process process = JarRun.start("import", logs, work, SERVER, output, Map.of());
        boolean exited = process.waitFor(IMPORT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as("reflect import ended within %d s:%n%s", IMPORT_TIMEOUT_SECONDS, printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).contains("Imported " + files + " files: ");
        return printed;
    }

    private static void assertOneWarning(String output, Path entry, String says) {
        List<String> warnings = output.lines().filter(l -> l.contains("[WARN]") && l.contains(entry + " ")).toList();
        assertThat(warnings).as("WARN lines about %s in:%n%s", entry, output).hasSize(1);
        assertThat(warnings.get(0)).contains(says);
    }

    private static void assertOnlyTheGoodConversation(String project) {
        assertThat(StoredChunks.byConversation(SERVER, project)).as("project %s: the real log file, once", project)
                .containsOnlyKeys(StoredChunks.conversationOf(GOOD));
        assertThat(StoredChunks.of(SERVER, project, StoredChunks.conversationOf(GOOD)))
                .hasSize(StoredChunks.chunksFor(StoredChunks.messagesIn(GOOD)));
    }

    private static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
