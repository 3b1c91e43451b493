package dev.reflect.importer.importing;

import dev.reflect.importer.state.FileProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprints of a file's bytes: of its first bytes (the head) and of the bytes just before where the next pass
 * resumes (the tail). A file whose head or tail changed was rewritten, not appended to.
 */
final class Heads {

    static final int BYTES = 4096;

    private Heads() {
    }

    /**
     * SHA-256 of the {@code length} bytes (at most {@value #BYTES}) that end at {@code offset}, or null when the file
     * is shorter than {@code offset}.
     */
    static String before(Path file, long offset, long length) {
        int count = (int) Math.min(Math.min(length, BYTES), offset);
        ByteBuffer bytes = ByteBuffer.allocate(count);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, offset - count + bytes.position()) < 0) {
                    return null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bytes before offset " + offset + " of " + file, e);
        }
        return sha256(bytes.array());
    }

    /** How many bytes before {@code offset} a tail fingerprint covers. */
    static long tailBytes(long offset) {
        return Math.min(offset, BYTES);
    }

    /** SHA-256 of the first {@code length} bytes, or null when the file is shorter. */
    static String of(Path file, long length) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes((int) Math.min(length, BYTES));
            if (head.length < length) {
                return null;
            }
            return sha256(head);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the head of " + file, e);
        }
    }

    /**
     * True when the file is not the one recorded with more bytes at its end: it shrank, its head changed, or the bytes
     * just before the recorded offset changed (cut and grown past its old size between two passes). Legacy entries
     * without the fingerprints are judged by what they have.
     */
    static boolean rewritten(Path file, long size, String head, long headBytes, FileProgress recorded) {
        if (size < recorded.size() || size < recorded.offset()) {
            return true;
        }
        if (recorded.head() != null) {
            String current = recorded.headBytes() == headBytes ? head : of(file, recorded.headBytes());
            if (!recorded.head().equals(current)) {
                return true;
            }
        }
        return recorded.tail() != null
                && !recorded.tail().equals(before(file, recorded.offset(), recorded.tailBytes()));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
