package dev.reflect.importer.transcript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A line that is not JSON (or not UTF-8): skipped, counted and kept in the dead letters, with its start only
 * when it is long ({@value #ORIGINAL_BYTES} bytes).
 */
public class MalformedLineException extends RuntimeException {

    /** Bytes of a malformed line kept in its dead letter. */
    public static final int ORIGINAL_BYTES = 64 * 1024;

    private final transient Path file;
    private final long lineNumber;
    private final String reason;
    private final String originalLine;
    private final long lineBytes;

    public MalformedLineException(Line line, String reason, Throwable cause) {
        super(line.file() + " line " + line.number() + ": " + reason, cause);
        this.file = line.file();
        this.lineNumber = line.number();
        this.reason = reason;
        this.lineBytes = line.length();
        this.originalLine = originalOf(line);
    }

    private static String originalOf(Line line) {
        try {
            return new String(line.head(ORIGINAL_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public Path file() {
        return file;
    }

    public long lineNumber() {
        return lineNumber;
    }

    public String reason() {
        return reason;
    }

    /** The line as it was in the file (invalid UTF-8 shown as replacement characters), its first bytes when long. */
    public String originalLine() {
        return originalLine;
    }

    /** The length of the line in bytes. */
    public long lineBytes() {
        return lineBytes;
    }

    /** True when {@link #originalLine()} is only the start of the line. */
    public boolean originalCut() {
        return lineBytes > ORIGINAL_BYTES;
    }
}
