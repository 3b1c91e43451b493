package dev.reflect.importer.state;

/**
 * How far a log file has been imported: where reading resumes, and what is already stored.
 *
 * @param lastModified the file's mtime (seconds since the epoch) when it was read
 * @param size         the file's size when it was read
 * @param offset       byte offset of the line where reading resumes
 * @param line         number of that line (1-based)
 * @param skip         messages on that line that belong to an earlier, complete chunk
 * @param nextChunk    index of the chunk that starts at the resume point (the open chunk)
 * @param chunks       chunks stored for this conversation, counting a stored partial chunk
 * @param messages     messages stored for this conversation
 * @param provider     embedding provider the chunks were stored with ({@code local}, {@code voyage})
 * @param collection   the Qdrant collection they are in
 * @param head         fingerprint of the file's first {@code headBytes} bytes (a file whose head changed was
 *                     rewritten), or null
 * @param headBytes    how many bytes the fingerprint covers
 * @param tail         fingerprint of the (at most {@code 4096}) bytes just before {@code offset}: what the next pass
 *                     does not read again must still be there, else the file was cut and rewritten; null when not
 *                     recorded (legacy entries, or an offset of 0)
 * @param tailBytes    how many bytes before {@code offset} the tail fingerprint covers
 */
public record FileProgress(double lastModified, long size, long offset, long line, int skip, int nextChunk,
                           int chunks, int messages, String provider, String collection, String head, long headBytes,
                           String tail, long tailBytes) {

    public FileProgress(double lastModified, long size, long offset, long line, int skip, int nextChunk,
                        int chunks, int messages, String provider, String collection) {
        this(lastModified, size, offset, line, skip, nextChunk, chunks, messages, provider, collection, null, 0);
    }

    public FileProgress(double lastModified, long size, long offset, long line, int skip, int nextChunk,
                        int chunks, int messages, String provider, String collection, String head, long headBytes) {
        this(lastModified, size, offset, line, skip, nextChunk, chunks, messages, provider, collection, head, headBytes,
                null, 0);
    }

    /** Reading from the very start of a file. */
    public static FileProgress start(String provider) {
        return new FileProgress(0, 0, 0, 1, 0, 0, 0, 0, provider, null, null, 0);
    }
}
