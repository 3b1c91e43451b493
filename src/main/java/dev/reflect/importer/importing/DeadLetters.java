package dev.reflect.importer.importing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.transcript.MalformedLineException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Keeps malformed lines where a user can read them: one JSON object per line in a file of our own
 * (never in the logs folder) with the file, line number, reason and the original line (its first
 * {@value MalformedLineException#ORIGINAL_BYTES} bytes when it is longer, with {@code "original_cut": true}), and
 * its length in bytes.
 */
public final class DeadLetters {

    private final Path file;
    private final ObjectMapper mapper;

    public DeadLetters(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    public Path file() {
        return file;
    }

    public synchronized void record(MalformedLineException e) {
        ObjectNode letter = mapper.createObjectNode();
        letter.put("file", e.file().toString());
        letter.put("line", e.lineNumber());
        letter.put("reason", e.reason());
        letter.put("original", e.originalLine());
        letter.put("bytes", e.lineBytes());
        if (e.originalCut()) {
            letter.put("original_cut", true);
        }
        letter.put("recorded_at", Instant.now().toString());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(mapper.writeValueAsBytes(letter));
                out.write('\n');
            }
        } catch (IOException io) {
            throw new UncheckedIOException("Cannot write the dead letter file " + file, io);
        }
    }
}
