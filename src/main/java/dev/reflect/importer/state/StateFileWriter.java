package dev.reflect.importer.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes the state file so that it is never half written: the whole JSON into a temp file beside it (unique to this
 * process), fsync, rename over the state file, fsync of the folder.
 */
final class StateFileWriter {

    private final Path file;
    private final ObjectMapper mapper;

    StateFileWriter(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    /** The temp file this process writes the state into before it renames it over the state file. */
    static Path tempFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /**
     * Writes the whole tree into this process's temp file (every byte: a short write is written on from where it
     * stopped), fsyncs it, renames it over the state file and fsyncs the folder. A failure before the rename leaves
     * the state file as it was and removes the temp file.
     */
    void write(ObjectNode root) {
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
