package dev.reflect.importer.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.chunking.ResumePoint;
import dev.reflect.importer.chunking.SourceFile;
import dev.reflect.importer.embedding.EmbeddedChunk;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateRepository;
import dev.reflect.importer.transcript.Message;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger and its entry for one file: the file's thread hands chunks out while embedding workers on other threads
 * report them stored or failed through the entry each chunk carries, and the file is complete (recorded, exactly
 * once) when reading is done and every chunk handed out has settled.
 */
class LedgerTest {

    private static final int CHUNKS = 2_000;
    private static final int WORKERS = 4;

    @TempDir
    Path dir;
    private Ledger ledger;
    private RunStats stats;

    @BeforeEach
    void newLedger() {
        ImportState state = ImportState.load(dir.resolve("state.json"), new ObjectMapper());
        stats = new RunStats(false);
        ledger = new Ledger("local", CollectionNames.UNPREFIXED, state, new StateRepository(state, "local"), stats,
                (collection, conversation, from, to) -> { });
    }

    @RepeatedTest(5)
    void should_complete_exactly_once_when_the_ledger_hears_the_last_chunk_stored_from_one_of_several_workers()
            throws Exception {
        FileImport file = newImport();
        ledger.opened(file);
        BlockingQueue<Chunk> handedOut = new LinkedBlockingQueue<>();
        Chunk done = chunk(file, -1);
        AtomicInteger completions = new AtomicInteger();
        AtomicInteger storedWhenCompleted = new AtomicInteger(-1);
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            running.add(workers.submit(() -> {
                for (Chunk chunk = handedOut.take(); chunk != done; chunk = handedOut.take()) {
                    if (ledger.stored(chunk)) {
                        completions.incrementAndGet();
                        storedWhenCompleted.set(file.chunksStored());
                    }
                }
                return null;
            }));
        }

        for (int i = 0; i < CHUNKS; i++) {
            file.dispatched(1);
            handedOut.put(chunk(file, i));
        }
        boolean completedByReading = ledger.readingDone(file);
        for (int w = 0; w < WORKERS; w++) {
            handedOut.put(done);
        }
        for (Future<?> worker : running) {
            worker.get(30, TimeUnit.SECONDS);
        }
        workers.shutdown();

        int total = completions.get() + (completedByReading ? 1 : 0);
        assertThat(total).as("the file completes once").isEqualTo(1);
        if (!completedByReading) {
            assertThat(storedWhenCompleted.get()).as("chunks stored when the file completed").isEqualTo(CHUNKS);
        }
        assertThat(file.chunksStored()).isEqualTo(CHUNKS);
        assertThat(stats.chunksStoredSoFar()).isEqualTo(CHUNKS);
        assertThat(file.hasFailed()).isFalse();
        assertThat(ledger.filesInFlight()).as("recorded only when told to").isEqualTo(1);
        ledger.record(file);
        assertThat(ledger.filesInFlight()).isZero();
        assertThat(stats.files()).isEqualTo(1);
    }

    @RepeatedTest(3)
    void should_give_up_a_file_exactly_once_when_workers_fail_its_chunks_in_batches_on_several_threads()
            throws Exception {
        FileImport file = newImport();
        ledger.opened(file);
        int batches = 16;
        int batchSize = 4;
        file.dispatched(batches * batchSize);
        ledger.readingDone(file);
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> running = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Chunk> batch = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                batch.add(chunk(file, b * batchSize + i));
            }
            running.add(workers.submit(() -> ledger.failed(batch, new IllegalStateException("Qdrant down"))));
        }
        for (Future<?> worker : running) {
            worker.get(30, TimeUnit.SECONDS);
        }
        workers.shutdown();

        assertThat(file.hasFailed()).isTrue();
        assertThat(ledger.filesInFlight()).as("given up once every chunk settled").isZero();
        assertThat(stats.failedFiles()).as("and only once").isEqualTo(1);
        assertThat(stats.files()).isZero();
    }

    @Test
    void should_give_up_a_file_whose_reading_failed_when_nothing_of_it_is_in_flight() {
        FileImport file = newImport();
        ledger.opened(file);

        ledger.readingFailed(file, file.path(), new IllegalStateException("disk gone"));

        assertThat(ledger.filesInFlight()).isZero();
        assertThat(stats.failedFiles()).isEqualTo(1);
    }

    @Test
    void should_log_and_go_on_when_a_file_fails_before_it_has_an_entry() {
        ledger.readingFailed(null, "/logs/gone.jsonl", new IllegalStateException("no longer a regular file"));

        assertThat(stats.failedFiles()).isZero();
    }

    @Test
    void should_carry_the_chunks_of_a_batch_for_the_failure_report() {
        FileImport file = newImport();
        Chunk chunk = chunk(file, 0);

        assertThat(ledger.carried(chunk)).containsExactly(chunk);
        assertThat(ledger.carriedIn(List.of(new EmbeddedChunk(chunk, new float[] {1f}, "local"))))
                .containsExactly(chunk);
    }

    @Test
    void should_not_complete_while_the_file_is_still_being_read_even_with_every_chunk_so_far_stored() {
        FileImport file = newImport();
        file.dispatched(2);

        assertThat(file.stored()).isFalse();
        assertThat(file.stored()).as("all handed-out chunks stored, reading not done").isFalse();
        assertThat(file.readingDone()).as("reading done with nothing in flight completes the file").isTrue();
        assertThat(file.readingDone()).as("and only once").isFalse();
    }

    @Test
    void should_not_complete_while_a_chunk_is_in_flight_after_reading_is_done() {
        FileImport file = newImport();
        file.dispatched(3);
        file.stored();

        assertThat(file.readingDone()).isFalse();
        assertThat(file.stored()).isFalse();
        assertThat(file.stored()).as("the last chunk stored completes the file").isTrue();
    }

    @Test
    void should_complete_once_every_chunk_settled_when_one_failed_and_keep_the_first_failure() {
        FileImport file = newImport();
        file.dispatched(3);
        IllegalStateException qdrantDown = new IllegalStateException("Qdrant down");
        file.readingDone();

        assertThat(file.failed(qdrantDown)).isFalse();
        assertThat(file.stored()).isFalse();
        assertThat(file.failed(new IllegalStateException("later"))).as("a failed chunk settles too").isTrue();
        assertThat(file.hasFailed()).isTrue();
        assertThat(file.failure()).isSameAs(qdrantDown);
    }

    @Test
    void should_complete_a_file_whose_reading_failed_once_its_chunks_in_flight_settled() {
        FileImport file = newImport();
        file.dispatched(1);

        assertThat(file.readingFailed(new IllegalStateException("disk gone"))).isFalse();
        assertThat(file.stored()).isTrue();
        assertThat(file.hasFailed()).isTrue();
    }

    private static Chunk chunk(FileImport file, int index) {
        return new Chunk(file.source(), index, List.of(new Message("user", "m" + index, null, null, false, List.of(), 1, 0, 0)),
                file);
    }

    private static FileImport newImport() {
        Path root = Path.of("/logs");
        SourceFile source = new SourceFile(root.resolve("-home-me-code-app/3f1c.jsonl"), root, Instant.EPOCH);
        return new FileImport(source, 1_000, 0, new ResumePoint(0, 1, 0, 0), 5, 0, null, 0, 0);
    }
}
