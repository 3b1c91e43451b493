package dev.reflect.importer.transcript;

import java.io.Writer;

/** Keeps the first {@code max} characters written to it and drops the rest. */
final class LimitedWriter extends Writer {
    private final StringBuilder kept = new StringBuilder();
    private final int max;

    LimitedWriter(int max) {
        this.max = max;
    }

    @Override
    public void write(char[] chars, int off, int len) {
        int room = max - kept.length();
        if (room > 0) {
            kept.append(chars, off, Math.min(len, room));
        }
    }

    @Override
    public void write(String s, int off, int len) {
        int room = max - kept.length();
        if (room > 0) {
            kept.append(s, off, off + Math.min(len, room));
        }
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return kept.toString();
    }
}
