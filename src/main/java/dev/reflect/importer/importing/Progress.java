package dev.reflect.importer.importing;

import dev.reflect.importer.state.StateRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic {@code Overall:} line (operators grep for it): files done of total, chunks, chunks per
 * minute and backlog. Logged only while there is work.
 */
public final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final Path logsRoot;
    private final StateRepository repository;
    private final RunStats stats;
    private long lastChunks;
    private long lastNanos = System.nanoTime();
    private long backlog;

    public Progress(Path logsRoot, StateRepository repository, RunStats stats) {
        this.logsRoot = logsRoot;
        this.repository = repository;
        this.stats = stats;
    }

    /** Counts the files and logs the line when anything is pending or was stored since the last report. */
    public synchronized String report() {
        List<String> files = logFiles();
        long done = files.stream().filter(repository::contains).count() - stats.filesInFlight();
        backlog = files.size() - Math.max(0, done);
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
                Math.max(0, done), files.size(), chunks, perMinute, backlog);
        LOG.info(line);
        return line;
    }

    /** Files not imported as they are now, as of the last report. */
    public long backlog() {
        return backlog;
    }

    private List<String> logFiles() {
        if (!Files.isDirectory(logsRoot)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(logsRoot)) {
            return walk.filter(p -> p.toString().endsWith(".jsonl") && Files.isRegularFile(p))
                    .map(p -> p.toAbsolutePath().normalize().toString()).toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Cannot walk {}: {}", logsRoot, e.getMessage());
            return List.of();
        }
    }
}
