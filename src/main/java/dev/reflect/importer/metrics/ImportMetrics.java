package dev.reflect.importer.metrics;

import dev.reflect.importer.importing.RunStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The importer's own metrics, next to Camel's route metrics on {@code /observe/metrics}. Plain Java over
 * Micrometer: the totals are read from {@link RunStats}, the embedding counter and timer are fed by the
 * embed step, the backlog and lag come from a {@link LogsBacklog} scan, the memory guard's state from
 * whatever the caller passes (the {@code memoryGuard} bean).
 *
 * <p>Prometheus names: {@code reflect_files_imported_total}, {@code reflect_files_failed_total},
 * {@code reflect_messages_total}, {@code reflect_chunks_total} (chunks recorded with their files),
 * {@code reflect_chunks_embedded_total}, {@code reflect_malformed_lines_total}, {@code reflect_redactions_total},
 * {@code reflect_embedding_seconds} (histogram), {@code reflect_backlog_files},
 * {@code reflect_state_lag_seconds}, {@code reflect_memory_guard_engaged}.
 */
public final class ImportMetrics {

    private final Counter chunksEmbedded;
    private final Timer embedding;

    public ImportMetrics(MeterRegistry registry, RunStats stats, LogsBacklog backlog, BooleanSupplier memoryGuardEngaged) {
        FunctionCounter.builder("reflect.files.imported", stats, RunStats::files)
                .description("Files read to their end and recorded in the state file").register(registry);
        FunctionCounter.builder("reflect.files.failed", stats, RunStats::failedFiles)
                .description("Files given up on in this run (retried on the next poll)").register(registry);
        FunctionCounter.builder("reflect.messages", stats, RunStats::messages)
                .description("Messages of the files recorded").register(registry);
        FunctionCounter.builder("reflect.chunks", stats, RunStats::chunks)
                .description("Chunks stored, counted when their file is recorded").register(registry);
        FunctionCounter.builder("reflect.malformed.lines", stats, RunStats::malformedLines)
                .description("Lines skipped as malformed (see the dead-letter file)").register(registry);
        FunctionCounter.builder("reflect.redactions", stats, RunStats::redactions)
                .description("Secrets taken out of message text before embedding and storing (what they were is never logged)")
                .register(registry);
        chunksEmbedded = Counter.builder("reflect.chunks.embedded")
                .description("Chunks embedded, counted as each embedding finishes").register(registry);
        embedding = Timer.builder("reflect.embedding")
                .description("Time to embed one chunk")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        if (backlog != null) {
            Gauge.builder("reflect.backlog.files", backlog, LogsBacklog::backlogFiles)
                    .description("Log files whose current size and mtime are not yet recorded in the state file "
                            + "(a scan of the logs folder, at most every 15 s)")
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("reflect.state.lag", backlog, LogsBacklog::lagSeconds)
                    .description("Newest log file mtime minus newest recorded (imported) mtime")
                    .baseUnit("seconds")
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder("reflect.memory.guard.engaged", memoryGuardEngaged, g -> g.getAsBoolean() ? 1 : 0)
                .description("1 while the memory guard holds the import back, else 0")
                .strongReference(true)
                .register(registry);
    }

    /** Metrics kept in memory only, for code that runs without the management server (bench, tests). */
    public static ImportMetrics unregistered() {
        return new ImportMetrics(new SimpleMeterRegistry(), new RunStats(false), null, () -> false);
    }

    /** One chunk embedded in the given time. */
    public void chunkEmbedded(long nanos) {
        chunksEmbedded.increment();
        embedding.record(Duration.ofNanos(nanos));
    }
}
