package dev.reflect.importer.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.Channels;
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
    private final ObjectWriter json;

    StateFileWriter(Path file, ObjectMapper mapper) {
        this.file = file;
        // The channel is closed by its own try block, not by Jackson.
        this.json = mapper.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** The temp file this process writes the state into before it renames it over the state file. */
    static Path tempFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /**
     * Writes the whole tree into this process's temp file (streamed: the state of 20,000 files is ~20 MB of JSON,
     * never held in memory as bytes), fsyncs it, renames it over the state file and fsyncs the folder. A failure before the rename leaves the state file as it was and removes the temp file.
     */
    void write(ObjectNode root) {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Path temp = tempFileOf(target);
        try {
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                // Jackson's generator buffers 8 KB; the channel's stream writes every byte (a short write is
                // written on from where it stopped).
                json.writeValue(Channels.newOutputStream(channel), root);
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            StateFileException failure = e instanceof JsonProcessingException bad
                    ? new StateFileException("Cannot write the state file " + file + " as JSON: "
                            + bad.getOriginalMessage() + "; it was left as it was", e)
                    : new StateFileException("Cannot write the state file " + file + " (" + describe(e)
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
