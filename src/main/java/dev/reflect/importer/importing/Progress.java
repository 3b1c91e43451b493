package dev.reflect.importer.importing;

import dev.reflect.importer.metrics.LogsBacklog;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic {@code Overall:} line (operators grep for it): files done of total, chunks, chunks per
 * minute and backlog. Logged only while there is work. The file counts come from the same folder scan as
 * the backlog metrics.
 */
public final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final LogsBacklog logs;
    private final RunStats stats;
    private long lastChunks;
    private long lastNanos = System.nanoTime();

    public Progress(LogsBacklog logs, RunStats stats) {
        this.logs = logs;
        this.stats = stats;
    }

    /** Logs the line when anything is pending or was stored since the last report; returns it, or null. */
    public synchronized String report() {
        long total = logs.totalFiles();
        long backlog = (long) logs.backlogFiles();
        long chunks = stats.chunksStoredSoFar();
        long now = System.nanoTime();
        double perMinute = (chunks - lastChunks) * 60e9 / Math.max(1, now - lastNanos);
        boolean working = backlog > 0 || chunks > lastChunks;
        lastChunks = chunks;
        lastNanos = now;
        if (!working) {
            return null;
        }
        String line = String.format(Locale.ROOT, "Overall: %d/%d files done, %d chunks, %.0f chunks/min, backlog %d files",
                total - backlog, total, chunks, perMinute, backlog);
        LOG.info(line);
        return line;
    }
}
