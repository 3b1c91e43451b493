package dev.reflect.importer.transcript;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A line that is not JSON (or not UTF-8): skipped, counted and kept in the dead letters. */
public class MalformedLineException extends RuntimeException {

    private final transient Path file;
    private final long lineNumber;
    private final String reason;
    private final String originalLine;

    public MalformedLineException(Line line, String reason, Throwable cause) {
        super(line.file() + " line " + line.number() + ": " + reason, cause);
        this.file = line.file();
        this.lineNumber = line.number();
        this.reason = reason;
        this.originalLine = new String(line.bytes(), StandardCharsets.UTF_8);
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

    /** The line as it was in the file (invalid UTF-8 shown as replacement characters). */
    public String originalLine() {
        return originalLine;
    }
}
