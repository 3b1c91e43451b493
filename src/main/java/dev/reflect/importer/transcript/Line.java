package dev.reflect.importer.transcript;

import java.nio.file.Path;

/**
 * One line of a log file as raw bytes, without its line break.
 *
 * @param file        the log file
 * @param number      1-based line number
 * @param startOffset byte offset of the line's first byte
 * @param endOffset   byte offset just past the line break (where the next line starts)
 * @param bytes       the line's bytes, without {@code \n} or {@code \r\n}
 */
public record Line(Path file, long number, long startOffset, long endOffset, byte[] bytes) {

    public boolean isBlank() {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
