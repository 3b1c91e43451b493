package dev.reflect.importer.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The file consumer's idempotent repository, backed by the state JSON. A file (key: its absolute
 * path) is "contained" while the state says it is imported as it is on disk now, so a file that grew
 * is offered again; a file still being imported is not. Progress reaches the JSON only through
 * {@link #add(String)} of what was staged, once every chunk of the file was stored: a file whose chunks
 * were not all stored records nothing. (The file consumer's own call to add() at the end of the file's
 * exchange finds nothing staged and changes nothing.)
 */
public final class StateRepository extends ServiceSupport implements IdempotentRepository {

    private final ImportState state;
    private final String provider;
    private final Map<String, FileProgress> staged = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public StateRepository(ImportState state, String provider) {
        this.state = state;
        this.provider = provider;
    }

    /** Holds a file's new progress until the file consumer commits it with {@link #add(String)}. */
    public void stage(String path, FileProgress progress) {
        staged.put(path, progress);
    }

    /** A file is being imported: it is not offered again until {@link #finished(String)}. */
    public void started(String path) {
        inFlight.add(path);
    }

    public void finished(String path) {
        inFlight.remove(path);
    }

    @Override
    public boolean contains(String path) {
        if (inFlight.contains(path)) {
            return true;
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return state.isUpToDate(path, mtimeSeconds(attributes), attributes.size(), provider);
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the attributes of " + path, e);
        }
    }

    @Override
    public boolean add(String path) {
        FileProgress progress = staged.remove(path);
        if (progress == null) {
            return false;
        }
        state.record(path, progress);
        return true;
    }

    @Override
    public boolean remove(String path) {
        return staged.remove(path) != null;
    }

    @Override
    public boolean confirm(String path) {
        return true;
    }

    @Override
    public void clear() {
        staged.clear();
    }

    public static double mtimeSeconds(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS) / 1_000_000.0;
    }
}
