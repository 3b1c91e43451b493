package dev.reflect.importer.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 */
public final class ImportState {

    private static final Logger LOG = LoggerFactory.getLogger(ImportState.class);
    private static final double MTIME_TOLERANCE_SECONDS = 0.001;

    /** Fields of a file's entries that we read, and the JSON type each must have when present. */
    private static final List<String> ENTRY_NUMBERS = List.of("last_modified", "chunks", "messages");
    private static final List<String> META_NUMBERS =
            List.of("position", "last_modified", "size", "offset", "skip", "next_chunk", "head_bytes", "tail_bytes");
    private static final List<String> TEXTS = List.of("provider", "collection", "head", "tail");

    private final Path file;
    private final ObjectMapper mapper;
    private final ObjectNode root;
    private volatile StateFileException writeFailure;

    private ImportState(Path file, ObjectMapper mapper, ObjectNode root) {
        this.file = file;
        this.mapper = mapper;
        this.root = root;
    }

    /** Reads the state file, or starts empty when there is none. A corrupt file is never replaced. */
    public static ImportState load(Path file, ObjectMapper mapper) {
        if (!Files.exists(file)) {
            LOG.info("No state file at {}: starting a fresh import", file);
            return new ImportState(file, mapper, mapper.createObjectNode());
        }
        JsonNode tree;
        try {
            tree = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw corrupt(file, "it is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new StateFileException("Cannot read the state file " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw corrupt(file, "it is empty", null);
        }
        if (!tree.isObject()) {
            throw corrupt(file, "it holds a JSON " + tree.getNodeType().name().toLowerCase() + ", not an object", null);
        }
        String wrong = wrongType((ObjectNode) tree);
        if (wrong != null) {
            throw corrupt(file, wrong, null);
        }
        return new ImportState(file, mapper, (ObjectNode) tree);
    }

    /**
     * What in the tree has a type we cannot work with (a section that is not an object, a number that is text, ...),
     * or null when all is well. Found at start-up, not after a whole import was embedded.
     */
    private static String wrongType(ObjectNode tree) {
        for (String section : new String[] {"imported_files", "stream_position"}) {
            if (tree.has(section) && !tree.get(section).isObject()) {
                return "its \"" + section + "\" is " + typeOf(tree.get(section)) + ", not an object";
            }
        }
        String wrong = wrongEntries(tree.path("imported_files"), "imported_files", ENTRY_NUMBERS);
        if (wrong != null) {
            return wrong;
        }
        JsonNode stream = tree.path("stream_position");
        JsonNode list = stream.get("imported_files");
        if (list != null && !list.isArray()) {
            return "its stream_position.imported_files is " + typeOf(list) + ", not an array";
        }
        if (list != null) {
            for (JsonNode path : list) {
                if (!path.isTextual()) {
                    return "its stream_position.imported_files holds " + typeOf(path) + ", not only file paths";
                }
            }
        }
        JsonNode metadata = stream.get("file_metadata");
        if (metadata != null && !metadata.isObject()) {
            return "its stream_position.file_metadata is " + typeOf(metadata) + ", not an object";
        }
        return wrongEntries(stream.path("file_metadata"), "stream_position.file_metadata", META_NUMBERS);
    }

    private static String wrongEntries(JsonNode section, String name, List<String> numbers) {
        var entries = section.fields();
        while (entries.hasNext()) {
            var e = entries.next();
            String where = name + "[\"" + e.getKey() + "\"]";
            if (!e.getValue().isObject()) {
                return "its " + where + " is " + typeOf(e.getValue()) + ", not an object";
            }
            for (String field : numbers) {
                JsonNode value = e.getValue().get(field);
                if (value != null && !value.isNull() && !value.isNumber()) {
                    return "its " + where + "." + field + " is " + typeOf(value) + ", not a number";
                }
            }
            for (String field : TEXTS) {
                JsonNode value = e.getValue().get(field);
                if (value != null && !value.isNull() && !value.isTextual()) {
                    return "its " + where + "." + field + " is " + typeOf(value) + ", not a string";
                }
            }
        }
        return null;
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static StateFileException corrupt(Path file, String why, Throwable cause) {
        return new StateFileException("The state file " + file + " cannot be used: " + why + ". "
                + "Nothing was changed. Fix the file, or move it aside (mv " + file + " " + file + ".broken) "
                + "to import everything again; points already in Qdrant are not duplicated.", cause);
    }

    public Path file() {
        return file;
    }

    /** The last state write's failure, until a write succeeds again (for the health check). */
    public Optional<StateFileException> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    /** The temp file this process writes the state into before it renames it over the state file. */
    static Path tempFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
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
        List<ObjectNode> gone = new java.util.ArrayList<>();
        importedFiles().fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && !e.getValue().path("gone").asBoolean(false)
                    && !java.nio.file.Files.exists(java.nio.file.Path.of(e.getKey()))) {
                gone.add((ObjectNode) e.getValue());
            }
        });
        if (!gone.isEmpty()) {
            change(() -> gone.forEach(entry -> {
                entry.put("gone", true);
                entry.put("gone_since", System.currentTimeMillis() / 1000.0);
            }));
        }
        return gone.size();
    }

    /**
     * Records a file's progress and writes the state file atomically; when the write fails, nothing changed (on disk
     * or in memory) and the {@link StateFileException} says why.
     */
    public synchronized void record(String path, FileProgress progress) {
        change(() -> put(path, progress));
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

        ArrayNode list = streamPosition().withArray("imported_files");
        boolean listed = false;
        for (JsonNode p : list) {
            listed |= p.asText().equals(path);
        }
        if (!listed) {
            list.add(path);
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

    /** Applies an edit to the tree and writes it; when either fails, the tree is put back as it was. */
    private void change(Runnable edit) {
        ObjectNode before = root.deepCopy();
        try {
            edit.run();
            save();
            writeFailure = null;
        } catch (StateFileException e) {
            restore(before);
            writeFailure = e;
            throw e;
        } catch (RuntimeException e) {
            restore(before);
            throw e;
        }
    }

    private void restore(ObjectNode before) {
        root.removeAll();
        root.setAll(before);
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

    /**
     * Writes the whole tree into this process's temp file (every byte: a short write is written on from where it
     * stopped), fsyncs it, renames it over the state file and fsyncs the folder. A failure before the rename leaves
     * the state file as it was and removes the temp file.
     */
    private void save() {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Path temp = tempFileOf(target);
        byte[] bytes;
        try {
            bytes = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new StateFileException("Cannot write the state file " + file + " as JSON: " + e.getOriginalMessage(), e);
        }
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            StateFileException failure = new StateFileException("Cannot write the state file " + file + " (" + describe(e)
                    + "); it was left as it was, and what was not recorded is imported again", e);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            throw new StateFileException("The state file " + file + " was written but its folder " + folder
                    + " could not be synced to disk (" + describe(e) + ")", e);
        }
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }
}
