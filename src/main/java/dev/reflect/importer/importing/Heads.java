package dev.reflect.importer.importing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Fingerprints of a file's first bytes: a file whose head changed was rewritten, not appended to. */
final class Heads {

    static final int BYTES = 4096;

    private Heads() {
    }

    /** SHA-256 of the first {@code length} bytes, or null when the file is shorter. */
    static String of(Path file, long length) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes((int) Math.min(length, BYTES));
            if (head.length < length) {
                return null;
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(head));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the head of " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
