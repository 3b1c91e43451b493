package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.app.StoredChunks.StoredChunk;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer killed with SIGKILL at random moments (no shutdown hook, no flush, nothing) and started again
 * each time ends with exactly what one uninterrupted import stores: the same point ids and texts per
 * conversation, no chunk lost and none duplicated.
 */
class KillNineIT {

    private static final String KILLED_PROJECT = "kill-nine-it-killed";
    private static final String CLEAN_PROJECT = "kill-nine-it-clean";
    private static final List<String> FILES = Corpus.SEVEN_SESSIONS;
    private static final int KILLS = 3;
    private static final long SEED = 20251121L;
    private static final Duration NEW_POINTS_WITHIN = Duration.ofMinutes(2);
    private static final Duration FINAL_RUN_TIMEOUT = Duration.ofMinutes(3);

    static final QdrantServer SERVER = QdrantServer.shared();

    @TempDir
    Path work;

    @AfterAll
    static void dropTheCollections() {
        CliRun.deleteCollections(SERVER, List.of(collectionOf(KILLED_PROJECT), collectionOf(CLEAN_PROJECT)));
    }

    @Test
    void should_store_exactly_what_a_clean_import_stores_when_killed_with_sigkill_and_restarted() throws Exception {
        Path killedLogs = copyCorpus(work.resolve("killed/logs"), KILLED_PROJECT);
        Path cleanLogs = copyCorpus(work.resolve("clean/logs"), CLEAN_PROJECT);
        Map<String, Integer> messages = messagesPerConversation();

        // The first kill lands 1-6 s after start (start-up, model load, first chunks); each later one 0-2 s after
        // the restarted importer stored new points, so it lands mid-import with part of the work recorded.
        Random random = new Random(SEED);
        int killedMidImport = 0;
        long pointsBeforeLastKill = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            long pointsBefore = pointCount();
            Process importer = JarRun.start("import", killedLogs, work.resolve("killed"), SERVER,
                    work.resolve("killed/run-" + kill + ".log"), Map.of());
            long delayMillis;
            if (kill == 1) {
                delayMillis = 1000 + random.nextInt(5001);
            } else {
                awaitNewPoints(importer, pointsBefore);
                delayMillis = random.nextInt(2001);
            }
            boolean exitedByItself = importer.waitFor(delayMillis, TimeUnit.MILLISECONDS);
            if (!exitedByItself) {
                importer.destroyForcibly();
                assertThat(importer.waitFor(30, TimeUnit.SECONDS)).as("the killed importer is gone").isTrue();
                killedMidImport++;
                pointsBeforeLastKill = pointCount();
            }
            System.out.printf("KillNineIT: run %d %s %d ms %s (exit %d); %d points stored, %d of %d files recorded%n",
                    kill, exitedByItself ? "finished by itself within" : "killed with SIGKILL",
                    delayMillis, kill == 1 ? "after start" : "after it stored new points", importer.exitValue(),
                    pointCount(), filesRecorded(work.resolve("killed")), FILES.size());
        }
        assertThat(killedMidImport).as("runs killed while importing").isPositive();
        assertThat(pointsBeforeLastKill).as("points stored when the last kill landed").isPositive();

        Process last = JarRun.start("import", killedLogs, work.resolve("killed"), SERVER, work.resolve("killed/run-final.log"),
                Map.of());
        assertThat(last.waitFor(FINAL_RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("the final run finishes").isTrue();
        assertThat(last.exitValue()).as(Files.readString(work.resolve("killed/run-final.log"))).isZero();

        CliRun clean = CliRun.reflect(CliRun.settings(cleanLogs, work.resolve("clean"), SERVER), "import");
        assertThat(clean.exit()).as(clean.printed()).isZero();

        Map<String, Map<Long, StoredChunk>> killed = StoredChunks.byConversation(SERVER, KILLED_PROJECT);
        Map<String, Map<Long, StoredChunk>> whole = StoredChunks.byConversation(SERVER, CLEAN_PROJECT);
        assertThat(whole.keySet()).containsExactlyInAnyOrderElementsOf(messages.keySet());
        messages.forEach((conversation, count) -> {
            int chunks = StoredChunks.chunksFor(count);
            List<UUID> expectedIds = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                expectedIds.add(PointIds.of(conversation, i));
            }
            assertThat(whole.get(conversation).values()).as("clean import of %s", conversation)
                    .extracting(StoredChunk::id).containsExactlyElementsOf(expectedIds);
            assertThat(killed.get(conversation).values()).as("killed and restarted import of %s", conversation)
                    .extracting(StoredChunk::id).containsExactlyElementsOf(expectedIds);
            assertThat(killed.get(conversation)).as("chunks of %s", conversation).isEqualTo(whole.get(conversation));
        });
        assertThat(killed.keySet()).containsExactlyInAnyOrderElementsOf(whole.keySet());
    }

    private static long pointCount() {
        try (QdrantStore qdrant = new QdrantStore(SERVER.host(), SERVER.grpcPort(), false, null, Duration.ofSeconds(30))) {
            String collection = collectionOf(KILLED_PROJECT);
            return qdrant.collections().contains(collection) ? qdrant.count(collection) : 0;
        }
    }

    /** Polls until the importer stored more points than {@code before}, or exited. */
    private static void awaitNewPoints(Process importer, long before) {
        Awaitility.await("new points").atMost(NEW_POINTS_WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> !importer.isAlive() || pointCount() > before);
    }

    private static int filesRecorded(Path runWork) throws IOException {
        Path state = runWork.resolve("state/imported-files.json");
        return Files.exists(state) ? new ObjectMapper().readTree(state.toFile()).path("imported_files").size() : 0;
    }

    private static Path copyCorpus(Path logs, String project) throws IOException {
        Path folder = Files.createDirectories(logs.resolve(project));
        for (String file : FILES) {
            Path source = Corpus.projects().resolve(file);
            Files.copy(source, folder.resolve(source.getFileName()));
        }
        return logs;
    }

    private static Map<String, Integer> messagesPerConversation() {
        Map<String, Integer> messages = new TreeMap<>();
        for (String file : FILES) {
            Path source = Corpus.projects().resolve(file);
            messages.put(StoredChunks.conversationOf(source), StoredChunks.messagesIn(source));
        }
        return messages;
    }

    private static String collectionOf(String project) {
        return StoredChunks.collectionOf(project);
    }
}
