package dev.reflect.importer.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Streams the lines of a file from a byte offset, holding one line in memory at a time. The file is
 * opened read-only and never changed.
 *
 * <p>A last line without its line break may still be being written: it is returned only when
 * {@code tailIsComplete} accepts its bytes (for example, when it parses as JSON); otherwise reading
 * stops before it and a later read picks it up once it is finished.
 */
public final class LineReader implements Iterator<Line>, AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path file;
    private final InputStream in;
    private final Predicate<byte[]> tailIsComplete;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(8 * 1024);
    private int bufferPos;
    private int bufferLen;
    private long offset;
    private long nextLineNumber;
    private Line next;
    private boolean done;

    private LineReader(Path file, InputStream in, long offset, long firstLineNumber, Predicate<byte[]> tailIsComplete) {
        this.file = file;
        this.in = in;
        this.offset = offset;
        this.nextLineNumber = firstLineNumber;
        this.tailIsComplete = tailIsComplete;
    }

    /**
     * Opens {@code file} read-only positioned at {@code offset}; the line found there is numbered
     * {@code firstLineNumber}.
     */
    public static LineReader open(Path file, long offset, long firstLineNumber, Predicate<byte[]> tailIsComplete) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new LineReader(file, Channels.newInputStream(channel), offset, firstLineNumber, tailIsComplete);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + file + " at byte " + offset, e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = readLine();
            if (next == null) {
                done = true;
                close();
            }
        }
        return next != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No more lines in " + file);
        }
        Line line = next;
        next = null;
        return line;
    }

    private Line readLine() {
        current.reset();
        long start = offset;
        try {
            while (true) {
                if (bufferPos == bufferLen) {
                    bufferLen = in.read(buffer);
                    bufferPos = 0;
                    if (bufferLen <= 0) {
                        bufferLen = 0;
                        return unterminatedTail(start);
                    }
                }
                int newline = indexOfNewline();
                if (newline >= 0) {
                    current.write(buffer, bufferPos, newline - bufferPos);
                    offset += newline - bufferPos + 1;
                    bufferPos = newline + 1;
                    return new Line(file, nextLineNumber++, start, offset, withoutCarriageReturn(current.toByteArray()));
                }
                current.write(buffer, bufferPos, bufferLen - bufferPos);
                offset += bufferLen - bufferPos;
                bufferPos = bufferLen;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " at byte " + offset, e);
        }
    }

    private Line unterminatedTail(long start) {
        if (current.size() == 0) {
            return null;
        }
        byte[] bytes = withoutCarriageReturn(current.toByteArray());
        if (!tailIsComplete.test(bytes)) {
            return null;
        }
        return new Line(file, nextLineNumber++, start, offset, bytes);
    }

    private int indexOfNewline() {
        for (int i = bufferPos; i < bufferLen; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] withoutCarriageReturn(byte[] bytes) {
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 0, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close " + file, e);
        }
    }
}
