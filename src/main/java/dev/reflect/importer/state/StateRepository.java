package dev.reflect.importer.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file consumers' idempotent repository, backed by the state JSON (key: a file's absolute path).
 *
 * <ul>
 *   <li>{@link #contains(String)}: the file is imported as it is on disk now, or is being imported.</li>
 *   <li>{@link #add(String)} (the file consumers call it when they pick a file, eagerly): claims a file
 *   that changed since it was recorded, atomically, so two pollers never import one file at once.</li>
 *   <li>{@link #record(String, FileProgress)}: once every chunk of the file was stored, its progress goes
 *   to the JSON and the claim is released. A file whose chunks were not all stored records nothing and
 *   is released with {@link #release(String)}; the next pass reads it again from its last point.</li>
 * </ul>
 */
public final class StateRepository extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(StateRepository.class);

    private final ImportState state;
    private final String provider;
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final Set<String> opened = ConcurrentHashMap.newKeySet();

    public StateRepository(ImportState state, String provider) {
        this.state = state;
        this.provider = provider;
    }

    public ImportState state() {
        return state;
    }

    @Override
    public boolean contains(String path) {
        return claimed.contains(path) || isUpToDate(path);
    }

    @Override
    public boolean add(String path) {
        if (isUpToDate(path)) {
            return false;
        }
        return claimed.add(path);
    }

    /** The importer opened the claimed file: from now on only {@link #record} or {@link #release} free it. */
    public void opened(String path) {
        claimed.add(path);
        opened.add(path);
    }

    /** Writes a file's progress to the state (atomically) and releases it. */
    public void record(String path, FileProgress progress) {
        try {
            state.record(path, progress);
        } finally {
            release(path);
        }
    }

    /** Releases a file whose import ended without recording anything. */
    public void release(String path) {
        opened.remove(path);
        claimed.remove(path);
    }

    /** Camel gave a claimed file back (its exchange failed before the importer opened it). */
    @Override
    public boolean remove(String path) {
        return !opened.contains(path) && claimed.remove(path);
    }

    @Override
    public boolean confirm(String path) {
        return true;
    }

    @Override
    public void clear() {
        claimed.removeIf(path -> !opened.contains(path));
    }

    private boolean isUpToDate(String path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return state.isUpToDate(path, mtimeSeconds(attributes), attributes.size(), provider);
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            // One entry that cannot be examined (a link loop, a permission) must not abort the whole listing.
            LOG.warn("{}: cannot read its attributes ({}); passed over this time", path, e.getMessage());
            return true;
        }
    }

    public static double mtimeSeconds(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS) / 1_000_000.0;
    }
}
