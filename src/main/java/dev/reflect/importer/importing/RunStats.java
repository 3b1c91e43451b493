package dev.reflect.importer.importing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Totals of a run, for the command line's summary line and for stopping an import that cannot go on. */
public final class RunStats {

    private final long startedNanos = System.nanoTime();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong failedFiles = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong redactions = new AtomicLong();
    private final AtomicLong chunksStored = new AtomicLong();
    private volatile long warmChunkNanos;
    private volatile long lastChunkNanos;
    private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    private final boolean stopOnChunkFailure;

    public RunStats(boolean stopOnChunkFailure) {
        this.stopOnChunkFailure = stopOnChunkFailure;
    }

    /** Chunks the benchmark leaves out of the steady rate, as it leaves out the bare model's first calls. */
    public static final int WARM_UP_CHUNKS = 20;

    void chunkStored() {
        long n = chunksStored.incrementAndGet();
        long now = System.nanoTime();
        if (n == WARM_UP_CHUNKS) {
            warmChunkNanos = now;
        }
        lastChunkNanos = now;
    }

    /** Chunks stored so far in this run, counted as each is stored. */
    public long chunksStoredSoFar() {
        return chunksStored.get();
    }

    /** Chunks per minute from the {@value #WARM_UP_CHUNKS}th stored chunk to the last, or NaN if too few. */
    public double steadyChunksPerMinute() {
        long n = chunksStored.get() - WARM_UP_CHUNKS;
        return n <= 0 || lastChunkNanos <= warmChunkNanos ? Double.NaN : n * 60e9 / (lastChunkNanos - warmChunkNanos);
    }

    void fileStarted() {
        inFlight.incrementAndGet();
    }

    /** Files opened and not yet recorded or given up. */
    public long filesInFlight() {
        return inFlight.get();
    }

    void fileImported(FileImport file) {
        inFlight.decrementAndGet();
        files.incrementAndGet();
        messages.addAndGet(file.newMessages());
        chunks.addAndGet(file.chunksStored());
        malformed.addAndGet(file.malformedLines());
        redactions.addAndGet(file.redactions());
    }

    void fileFailed(FileImport file) {
        inFlight.decrementAndGet();
        failedFiles.incrementAndGet();
        malformed.addAndGet(file.malformedLines());
    }

    void chunkFailed(RuntimeException e) {
        if (stopOnChunkFailure) {
            fatal.compareAndSet(null, e);
        }
    }

    /**
     * The state file could not be written: a one-shot import stops, since nothing it embedded from now on could be
     * recorded either.
     */
    void stateWriteFailed(RuntimeException e) {
        if (stopOnChunkFailure) {
            fatal.compareAndSet(null, e);
        }
    }

    /**
     * Set when a one-shot import should stop: a chunk could not be stored after all retries, or the state could not
     * be written.
     */
    public RuntimeException fatal() {
        return fatal.get();
    }

    public long files() {
        return files.get();
    }

    public long failedFiles() {
        return failedFiles.get();
    }

    public long messages() {
        return messages.get();
    }

    public long chunks() {
        return chunks.get();
    }

    public long malformedLines() {
        return malformed.get();
    }

    /** Secrets taken out of the messages of the files recorded. */
    public long redactions() {
        return redactions.get();
    }

    public double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "Imported %d files: %d messages, %d chunks, %d malformed lines, %d secrets redacted, %.1f s%s",
                files(), messages(), chunks(), malformedLines(), redactions(), seconds(),
                failedFiles() > 0 ? " (" + failedFiles() + " files failed and will be retried)" : "");
    }
}
