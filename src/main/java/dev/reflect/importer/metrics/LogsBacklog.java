package dev.reflect.importer.metrics;

import dev.reflect.importer.state.FileProgress;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An approximation of how far the import is behind the logs, from a scan of the logs folder against the
 * state: the backlog is the number of {@code *.jsonl} files whose current mtime and size are not recorded
 * (new files, grown files, files being read now); the lag is the newest file's mtime minus the newest mtime
 * recorded for any file, in seconds (0 when all is imported). The scan runs when a metric is read, at most
 * once per {@code minInterval}, so a scrape costs one folder walk every 15 s at most.
 */
public final class LogsBacklog {

    private static final Logger LOG = LoggerFactory.getLogger(LogsBacklog.class);

    private final Path logsDir;
    private final ImportState state;
    private final String provider;
    private final long minIntervalNanos;
    private final LongSupplier clock;
    private long scannedAt;
    private boolean scanned;
    private long backlog;
    private long total;
    private double lag;

    public LogsBacklog(Path logsDir, ImportState state, String provider, long minIntervalMillis, LongSupplier nanoClock) {
        this.logsDir = logsDir;
        this.state = state;
        this.provider = provider;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
        this.clock = nanoClock;
    }

    public LogsBacklog(Path logsDir, ImportState state, String provider) {
        this(logsDir, state, provider, 15_000, System::nanoTime);
    }

    public synchronized double backlogFiles() {
        refresh();
        return backlog;
    }

    /** The log files found by the last scan. */
    public synchronized long totalFiles() {
        refresh();
        return total;
    }

    public synchronized double lagSeconds() {
        refresh();
        return lag;
    }

    private void refresh() {
        long now = clock.getAsLong();
        if (scanned && now - scannedAt < minIntervalNanos) {
            return;
        }
        scanned = true;
        scannedAt = now;
        if (!Files.isDirectory(logsDir)) {
            backlog = 0;
            total = 0;
            lag = 0;
            return;
        }
        long pending = 0;
        long found = 0;
        double newestLog = 0;
        double newestImported = 0;
        try (Stream<Path> files = Files.walk(logsDir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jsonl"))::iterator) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // gone, a link loop, ...: not a log file the importer reads (LogEntries skips it)
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                found++;
                double mtime = StateRepository.mtimeSeconds(attributes);
                String path = file.toAbsolutePath().toString();
                newestLog = Math.max(newestLog, mtime);
                if (!state.isUpToDate(path, mtime, attributes.size(), provider)) {
                    pending++;
                }
                newestImported = Math.max(newestImported,
                        state.progressOf(path, provider).map(FileProgress::lastModified).orElse(0.0));
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Could not scan {} for the backlog metric: {}", logsDir, e.toString());
            return;
        }
        backlog = pending;
        total = found;
        lag = pending == 0 ? 0 : Math.max(0, newestLog - newestImported);
    }
}
