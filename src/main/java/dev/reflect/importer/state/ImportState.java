package dev.reflect.importer.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The import state JSON, in claude-self-reflect's format so a user moving over keeps their progress:
 * {@code imported_files} (per file: last_modified, last_imported, chunks) and {@code stream_position}
 * (imported_files list and file_metadata with position and last_modified). Our own fields live inside
 * each file's entries. Fields we do not know are kept as they are.
 *
 * <p>Every change is written at once and cannot leave a lie behind: the whole JSON into a temp file beside it
 * (unique to this process), fsync, rename over the state file, fsync of the folder. When any step fails the state
 * file is left as it was, the change is taken back in memory too (so the file is imported again), and the failure
 * is kept for the health check until a write succeeds.
 *
 * <p>The tree is held in {@link CompactNodes}, which says what a recorded file costs.
 */
public final class ImportState {

    private static final Logger LOG = LoggerFactory.getLogger(ImportState.class);
    private static final double MTIME_TOLERANCE_SECONDS = 0.001;

    private final Path file;
    private final StateFileWriter writer;
    private final ObjectNode root;
    private volatile StateFileException writeFailure;

    private ImportState(Path file, ObjectMapper mapper, ObjectNode root) {
        this.file = file;
        this.writer = new StateFileWriter(file, mapper);
        this.root = root;
    }

    /**
     * Reads the state file ({@link StateFileReader} checks it), or starts empty when there is none. A corrupt file is
     * never replaced.
     */
    public static ImportState load(Path file, ObjectMapper mapper) {
        if (!Files.exists(file)) {
            LOG.info("No state file at {}: starting a fresh import", file);
            return new ImportState(file, mapper, CompactNodes.FACTORY.objectNode());
        }
        return new ImportState(file, mapper, StateFileReader.read(file, mapper));
    }

    public Path file() {
        return file;
    }

    /** The last state write's failure, until a write succeeds again (for the health check). */
    public Optional<StateFileException> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /**
     * True when the file is imported as it is now: same mtime and, where we recorded it, same size and
     * provider. A legacy entry (mtime only) with the same mtime counts as done.
     */
    public synchronized boolean isUpToDate(String path, double lastModified, long size, String provider) {
        JsonNode entry = importedFiles().get(path);
        JsonNode meta = fileMetadata().get(path);
        if (entry == null && meta == null) {
            return false;
        }
        JsonNode source = meta != null && meta.has("last_modified") ? meta : entry;
        if (source == null || !source.has("last_modified")
                || Math.abs(source.get("last_modified").asDouble() - lastModified) > MTIME_TOLERANCE_SECONDS) {
            return false;
        }
        if (meta != null && meta.has("size")) {
            return meta.get("size").asLong() == size && provider.equals(meta.path("provider").asText(provider));
        }
        return true;
    }

    /** Where to resume a file, if we recorded it with the same provider. */
    public synchronized Optional<FileProgress> progressOf(String path, String provider) {
        JsonNode meta = fileMetadata().get(path);
        JsonNode entry = importedFiles().get(path);
        if (meta == null || !meta.has("offset") || !provider.equals(meta.path("provider").asText())) {
            return Optional.empty();
        }
        return Optional.of(new FileProgress(
                meta.path("last_modified").asDouble(),
                meta.path("size").asLong(),
                meta.path("offset").asLong(),
                meta.path("position").asLong() + 1,
                meta.path("skip").asInt(),
                meta.path("next_chunk").asInt(),
                entry == null ? 0 : entry.path("chunks").asInt(),
                entry == null ? 0 : entry.path("messages").asInt(),
                provider,
                meta.path("collection").asText(null),
                meta.path("head").asText(null),
                meta.path("head_bytes").asLong(),
                meta.path("tail").asText(null),
                meta.path("tail_bytes").asLong()));
    }

    /**
     * A file recorded under another path that is gone from disk, with this file name and this head, whose
     * points are in {@code collection}: the same conversation, moved within its project. Its progress carries
     * over and its entry is marked as moved. (Moved to another project, it is imported into that project's
     * collection instead.)
     */
    public synchronized Optional<FileProgress> adoptMoved(String path, String head, String provider, String collection) {
        String name = java.nio.file.Path.of(path).getFileName().toString();
        var fields = fileMetadata().fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String other = e.getKey();
            if (other.equals(path) || !java.nio.file.Path.of(other).getFileName().toString().equals(name)
                    || head == null || !head.equals(e.getValue().path("head").asText(null))
                    || java.nio.file.Files.exists(java.nio.file.Path.of(other))) {
                continue;
            }
            Optional<FileProgress> progress = progressOf(other, provider);
            if (progress.isPresent() && collection.equals(progress.get().collection())) {
                ObjectNode entry = importedFiles().withObjectProperty(other);
                entry.put("gone", true);
                entry.put("moved_to", path);
                return progress;
            }
        }
        return Optional.empty();
    }

    /** Marks recorded files that no longer exist as gone (their points stay in Qdrant); saves if any changed. */
    public synchronized int markGone() {
        List<String> gone = new ArrayList<>();
        importedFiles().fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && !e.getValue().path("gone").asBoolean(false)
                    && !java.nio.file.Files.exists(java.nio.file.Path.of(e.getKey()))) {
                gone.add(e.getKey());
            }
        });
        if (!gone.isEmpty()) {
            double since = System.currentTimeMillis() / 1000.0;
            change(gone, () -> gone.forEach(path -> {
                ObjectNode entry = (ObjectNode) importedFiles().get(path);
                entry.put("gone", true);
                entry.put("gone_since", since);
            }));
        }
        return gone.size();
    }

    /**
     * Records a file's progress and writes the state file atomically; when the write fails, nothing changed (on disk
     * or in memory) and the {@link StateFileException} says why.
     */
    public synchronized void record(String path, FileProgress progress) {
        change(List.of(path), () -> put(path, progress));
    }

    private void put(String path, FileProgress progress) {
        ObjectNode entry = importedFiles().withObjectProperty(path);
        entry.put("last_modified", progress.lastModified());
        entry.put("last_imported", System.currentTimeMillis() / 1000.0);
        entry.put("chunks", progress.chunks());
        entry.put("messages", progress.messages());
        entry.put("provider", progress.provider());
        if (progress.collection() != null) {
            entry.put("collection", progress.collection());
        }

        if (!isListed(path)) {
            streamPosition().withArray("imported_files").add(path);
        }
        ObjectNode meta = fileMetadata().withObjectProperty(path);
        meta.put("position", progress.line() - 1);
        meta.put("last_modified", progress.lastModified());
        meta.put("size", progress.size());
        meta.put("offset", progress.offset());
        meta.put("skip", progress.skip());
        meta.put("next_chunk", progress.nextChunk());
        meta.put("provider", progress.provider());
        if (progress.collection() != null) {
            meta.put("collection", progress.collection());
        }
        if (progress.head() != null) {
            meta.put("head", progress.head());
            meta.put("head_bytes", progress.headBytes());
        }
        if (progress.tail() != null) {
            meta.put("tail", progress.tail());
            meta.put("tail_bytes", progress.tailBytes());
        } else {
            meta.remove(List.of("tail", "tail_bytes"));
        }
        entry.remove("gone");
    }

    private boolean isListed(String path) {
        for (JsonNode listed : streamPosition().withArray("imported_files")) {
            if (listed.asText().equals(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies an edit of the given files' entries and writes the whole state; when either fails, those entries are
     * put back as they were. Only the edited entries are copied first: a copy of the whole tree, once a file pass,
     * made a state's worth of garbage each time (~1.6 KB of heap a file recorded).
     */
    private void change(List<String> paths, Runnable edit) {
        List<EntryBefore> before = paths.stream().map(this::entryBefore).toList();
        try {
            edit.run();
            writer.write(root);
            writeFailure = null;
        } catch (StateFileException e) {
            before.forEach(this::restore);
            writeFailure = e;
            throw e;
        } catch (RuntimeException e) {
            before.forEach(this::restore);
            throw e;
        }
    }

    /** A file's entries as they were before an edit (copies; null where there was none) and whether it was listed. */
    private record EntryBefore(String path, JsonNode entry, JsonNode meta, boolean listed) {
    }

    private EntryBefore entryBefore(String path) {
        JsonNode entry = importedFiles().get(path);
        JsonNode meta = fileMetadata().get(path);
        return new EntryBefore(path, entry == null ? null : entry.deepCopy(), meta == null ? null : meta.deepCopy(),
                isListed(path));
    }

    private void restore(EntryBefore before) {
        putBack(importedFiles(), before.path(), before.entry());
        putBack(fileMetadata(), before.path(), before.meta());
        if (!before.listed()) {
            ArrayNode list = streamPosition().withArray("imported_files");
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).asText().equals(before.path())) {
                    list.remove(i);
                }
            }
        }
    }

    /** Puts an entry back in its place (an entry that was there before an edit still is), or removes a new one. */
    private static void putBack(ObjectNode section, String path, JsonNode was) {
        if (was == null) {
            section.remove(path);
        } else {
            section.set(path, was);
        }
    }

    /** Chunks recorded per file, for {@code status}. */
    public synchronized Map<String, Integer> chunksPerFile() {
        Map<String, Integer> chunks = new LinkedHashMap<>();
        importedFiles().fields().forEachRemaining(e -> chunks.put(e.getKey(), e.getValue().path("chunks").asInt()));
        return chunks;
    }

    private ObjectNode importedFiles() {
        return root.has("imported_files") ? (ObjectNode) root.get("imported_files") : root.putObject("imported_files");
    }

    private ObjectNode streamPosition() {
        return root.has("stream_position") ? (ObjectNode) root.get("stream_position") : root.putObject("stream_position");
    }

    private ObjectNode fileMetadata() {
        ObjectNode stream = streamPosition();
        return stream.has("file_metadata") && stream.get("file_metadata").isObject()
                ? (ObjectNode) stream.get("file_metadata") : stream.putObject("file_metadata");
    }
}
