package dev.reflect.importer.chunking;

/**
 * Where reading a file resumes: the line at {@code offset} (numbered {@code line}), skipping its first
 * {@code skip} messages, which belong to an earlier complete chunk; the next chunk there is {@code chunkIndex}.
 */
public record ResumePoint(long offset, long line, int skip, int chunkIndex) {
}
