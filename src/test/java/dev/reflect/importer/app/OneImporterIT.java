package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.ImporterProcess;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One importer per state file: while a {@code watch} runs, a second {@code import} or {@code watch} on its state
 * stops at once with exit code 2, naming the lock file and the process that holds it; a killed importer's lock
 * does not block the next one. And a {@code watch} stopped with SIGTERM exits 0.
 */
class OneImporterIT {

    private static final QdrantServer SERVER = QdrantServer.shared();
    private static final String PROJECT = "one-importer-it";
    private static final Path LOG = Corpus.projects()
            .resolve("-Users-soph-Work-entire-devenv-cli/488c5296-fc78-4fdf-8cfd-f1cae9454bd0.jsonl");
    private static final Duration WITHIN = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    static Path logs;
    private Process watch;

    @BeforeAll
    static void makeTheLogs() throws IOException {
        logs = work.resolve("logs");
        StoredChunks.copy(LOG, logs.resolve(PROJECT));
    }

    @AfterAll
    static void dropTheCollection() {
        CliRun.deleteCollections(SERVER, List.of(StoredChunks.collectionOf(PROJECT)));
    }

    @AfterEach
    void stopTheWatch() throws InterruptedException {
        if (watch != null && watch.isAlive()) {
            watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_refuse_a_second_import_and_a_second_watch_on_the_same_state_naming_the_lock_and_its_holder()
            throws Exception {
        watch = startWatch("first.log");
        await(() -> lockHolder().equals(Long.toString(watch.pid())), "the first watch holding the lock", "first.log");
        String names = "it holds the lock file " + lockFile();

        long started = System.nanoTime();
        CliRun second = CliRun.reflect(CliRun.settings(logs, work, SERVER), "import");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(second.exit()).as(second.printed()).isEqualTo(2);
        assertThat(second.err()).as(second.printed())
                .contains("Another importer is using the state file " + stateFile())
                .contains("(pid " + watch.pid())
                .contains(names);
        assertThat(took).as("refused before the model is loaded").isLessThan(Duration.ofSeconds(20));

        Process secondWatch = startWatch("second.log");
        boolean exited = secondWatch.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            secondWatch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String printed = output("second.log");
        assertThat(exited).as(printed).isTrue();
        assertThat(secondWatch.exitValue()).as(printed).isEqualTo(2);
        assertThat(printed).contains("(pid " + watch.pid()).contains(names);
        assertThat(watch.isAlive()).as("the first watch goes on").isTrue();
    }

    @Test
    void should_not_be_blocked_by_the_lock_file_of_a_killed_importer() throws Exception {
        watch = startWatch("killed.log");
        await(() -> lockHolder().equals(Long.toString(watch.pid())), "the watch holding the lock", "killed.log");
        watch.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        assertThat(lockFile()).exists();

        CliRun next = CliRun.reflect(CliRun.settings(logs, work, SERVER), "import");

        assertThat(next.exit()).as(next.printed()).isZero();
    }

    @Test
    void should_exit_0_after_a_clean_stop_on_sigterm() throws Exception {
        try (ImporterProcess running = ImporterProcess.watch(logs, work, SERVER, Map.of())) {
            int exit = running.stop(WITHIN);

            assertThat(exit).as(running.output()).isZero();
        }
    }

    private Process startWatch(String output) throws IOException {
        return JarRun.start("watch", logs, work, SERVER, work.resolve(output),
                Map.of("WATCH_INTERVAL", "1", "MANAGEMENT_PORT", Integer.toString(ImporterProcess.freePort())));
    }

    private static Path stateFile() {
        return work.resolve("state/imported-files.json");
    }

    private static Path lockFile() {
        return work.resolve("state/imported-files.json.lock");
    }

    private static String lockHolder() {
        try {
            return Files.exists(lockFile()) ? Files.readString(lockFile()).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String output(String name) {
        try {
            Path file = work.resolve(name);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + name + ": " + e + ")";
        }
    }

    private void await(BooleanSupplier condition, String what, String outputName) {
        try {
            Awaitility.await(what).atMost(WITHIN).pollInterval(Duration.ofMillis(200))
                    .failFast("the watch exited", () -> assertThat(watch.isAlive())
                            .as("the watch exited:%n%s", output(outputName)).isTrue())
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " within " + WITHIN + ":\n" + output(outputName), e);
        }
    }
}
