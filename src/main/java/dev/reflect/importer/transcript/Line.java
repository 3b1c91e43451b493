package dev.reflect.importer.transcript;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One line of a log file, without its line break: its bytes when it is small enough to hold, else only
 * where it is, to be streamed from the file when it is parsed ({@link #open()}).
 *
 * @param file        the log file
 * @param number      1-based line number
 * @param startOffset byte offset of the line's first byte
 * @param endOffset   byte offset just past the line break (where the next line starts)
 * @param bytes       the line's bytes, without {@code \n} or {@code \r\n}; null for a line read from the file
 * @param length      the number of those bytes
 */
public record Line(Path file, long number, long startOffset, long endOffset, byte[] bytes, long length) {

    public Line(Path file, long number, long startOffset, long endOffset, byte[] bytes) {
        this(file, number, startOffset, endOffset, bytes, bytes.length);
    }

    /** A line too long to hold: its {@code length} bytes at {@code startOffset} are read from the file when needed. */
    public static Line inFile(Path file, long number, long startOffset, long endOffset, long length) {
        return new Line(file, number, startOffset, endOffset, null, length);
    }

    /** True when the bytes are held in memory; false for a long line streamed from its file. */
    public boolean held() {
        return bytes != null;
    }

    /** The line's bytes as a stream: from memory, or from the file (only the line's own bytes). */
    public InputStream open() throws IOException {
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(startOffset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Bounded(Channels.newInputStream(channel), length);
    }

    /** The first {@code max} bytes of the line (all of them when it is shorter). */
    public byte[] head(int max) throws IOException {
        if (bytes != null) {
            return bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
        }
        try (InputStream in = open()) {
            return in.readNBytes((int) Math.min(max, length));
        }
    }

    public boolean isBlank() {
        if (bytes != null) {
            for (byte b : bytes) {
                if (!blank(b)) {
                    return false;
                }
            }
            return true;
        }
        try (InputStream in = open()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (!blank(buffer[i])) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            // not blank as far as anyone can tell; parsing it reports the failure with its context
            return false;
        }
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t' || b == '\r';
    }

    /** At most {@code remaining} bytes of a stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
