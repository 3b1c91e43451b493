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
 * Streams the lines of a file from a byte offset, holding one line in memory at a time, and only a line of
 * at most {@value #HELD_LINE_BYTES} bytes: a longer one (a pasted screenshot's base64, a huge tool output) is
 * only measured, and its bytes are streamed from the file again when it is parsed ({@link Line#open()}). The
 * file is opened read-only and never changed.
 *
 * <p>A last line without its line break may still be being written: it is returned only when
 * {@code tailIsComplete} accepts its bytes (for example, when it parses as JSON); otherwise reading
 * stops before it and a later read picks it up once it is finished.
 */
public final class LineReader implements Iterator<Line>, AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;
    /** Lines up to this size are held in memory; longer ones are read from the file when parsed. */
    public static final int HELD_LINE_BYTES = 1024 * 1024;

    private final Path file;
    private final InputStream in;
    private final Predicate<Line> tailIsComplete;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final ByteArrayOutputStream current = new ByteArrayOutputStream(8 * 1024);
    private final int heldLineBytes;
    private long currentLength;
    private boolean spilled;
    private byte lastByte;
    private int bufferPos;
    private int bufferLen;
    private long offset;
    private long nextLineNumber;
    private Line next;
    private boolean done;

    private LineReader(Path file, InputStream in, long offset, long firstLineNumber, Predicate<Line> tailIsComplete,
                       int heldLineBytes) {
        this.file = file;
        this.heldLineBytes = heldLineBytes;
        this.in = in;
        this.offset = offset;
        this.nextLineNumber = firstLineNumber;
        this.tailIsComplete = tailIsComplete;
    }

    /**
     * Opens {@code file} read-only positioned at {@code offset}; the line found there is numbered
     * {@code firstLineNumber}.
     */
    public static LineReader open(Path file, long offset, long firstLineNumber, Predicate<Line> tailIsComplete) {
        return open(file, offset, firstLineNumber, tailIsComplete, HELD_LINE_BYTES);
    }

    static LineReader open(Path file, long offset, long firstLineNumber, Predicate<Line> tailIsComplete, int heldLineBytes) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new LineReader(file, Channels.newInputStream(channel), offset, firstLineNumber, tailIsComplete, heldLineBytes);
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
        currentLength = 0;
        spilled = false;
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
                    take(newline - bufferPos);
                    offset += newline - bufferPos + 1;
                    bufferPos = newline + 1;
                    return line(start);
                }
                int n = bufferLen - bufferPos;
                take(n);
                offset += n;
                bufferPos = bufferLen;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " at byte " + offset, e);
        }
    }

    /** The next {@code n} bytes of the buffer belong to the current line: held, or only counted once it is long. */
    private void take(int n) {
        if (n == 0) {
            return;
        }
        currentLength += n;
        lastByte = buffer[bufferPos + n - 1];
        if (!spilled && currentLength > heldLineBytes) {
            spilled = true;
            current.reset();
        }
        if (!spilled) {
            current.write(buffer, bufferPos, n);
        }
    }

    private Line line(long start) {
        if (spilled) {
            long length = lastByte == '\r' ? currentLength - 1 : currentLength;
            return Line.inFile(file, nextLineNumber++, start, offset, length);
        }
        return new Line(file, nextLineNumber++, start, offset, withoutCarriageReturn(current.toByteArray()));
    }

    private Line unterminatedTail(long start) {
        if (currentLength == 0) {
            return null;
        }
        Line tail = line(start);
        if (!tailIsComplete.test(tail)) {
            nextLineNumber--;
            return null;
        }
        return tail;
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
