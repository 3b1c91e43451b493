package dev.reflect.importer.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.chunking.ResumePoint;
import dev.reflect.importer.chunking.SourceFile;
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
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The ledger entry of one file: the file's thread hands chunks out while embedding workers on other threads report
 * them stored or failed, and the file is complete (recorded, exactly once) when reading is done and every chunk
 * handed out has settled.
 */
class FileImportTest {

    private static final int CHUNKS = 2_000;
    private static final int WORKERS = 4;

    @RepeatedTest(5)
    void should_complete_exactly_once_when_the_last_chunk_is_stored_by_one_of_several_workers() throws Exception {
        FileImport file = newImport();
        BlockingQueue<Integer> handedOut = new LinkedBlockingQueue<>();
        AtomicInteger completions = new AtomicInteger();
        AtomicInteger storedWhenCompleted = new AtomicInteger(-1);
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            running.add(workers.submit(() -> {
                while (handedOut.take() >= 0) {
                    if (file.stored()) {
                        completions.incrementAndGet();
                        storedWhenCompleted.set(file.chunksStored());
                    }
                }
                return null;
            }));
        }

        for (int i = 0; i < CHUNKS; i++) {
            file.dispatched(1);
            handedOut.put(i);
        }
        boolean completedByReading = file.readingDone();
        for (int w = 0; w < WORKERS; w++) {
            handedOut.put(-1);
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
        assertThat(file.hasFailed()).isFalse();
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

    private static FileImport newImport() {
        Path root = Path.of("/logs");
        SourceFile source = new SourceFile(root.resolve("-home-me-code-app/3f1c.jsonl"), root, Instant.EPOCH);
        return new FileImport(source, 1_000, 0, new ResumePoint(0, 1, 0, 0), 5, 0, null, 0, 0);
    }
}
