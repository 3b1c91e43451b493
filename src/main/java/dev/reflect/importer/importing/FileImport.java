package dev.reflect.importer.importing;

import dev.reflect.importer.chunking.ChunkAssembler;
import dev.reflect.importer.chunking.FileEntry;
import dev.reflect.importer.chunking.ResumePoint;
import dev.reflect.importer.chunking.SourceFile;

/**
 * One pass over one log file, its entry in the {@link Ledger}: where it started, what it found, and how many of its
 * chunks are stored. The file's thread reads and counts ({@link FileReader}); the embedding workers report stored
 * or failed chunks, each chunk carrying this entry. It completes exactly once, on whichever thread settles last.
 */
public final class FileImport implements FileEntry {

    private final SourceFile source;
    private final long sizeSeen;
    private final double modifiedSeconds;
    private final ResumePoint start;
    private final ChunkAssembler assembler;
    private final int previousMessages;
    private final String head;
    private final long headBytes;
    private final int staleAbove;
    private volatile long consumedOffset;
    private int lines;
    private int skippedRecords;
    private int malformedLines;
    private int redactions;
    private String firstMalformed;
    private int dispatched;
    private int stored;
    private int settledFailures;
    private boolean readingDone;
    private boolean finished;
    private RuntimeException failure;

    FileImport(SourceFile source, long sizeSeen, double modifiedSeconds, ResumePoint start, int chunkSize, int previousMessages,
               String head, long headBytes, int staleAbove) {
        this.head = head;
        this.headBytes = headBytes;
        this.staleAbove = staleAbove;
        this.source = source;
        this.sizeSeen = sizeSeen;
        this.modifiedSeconds = modifiedSeconds;
        this.start = start;
        this.assembler = new ChunkAssembler(source, chunkSize, start, this);
        this.previousMessages = previousMessages;
        this.consumedOffset = start.offset();
    }

    public SourceFile source() {
        return source;
    }

    @Override
    public String path() {
        return source.file().toString();
    }

    ResumePoint start() {
        return start;
    }

    ChunkAssembler assembler() {
        return assembler;
    }

    long sizeSeen() {
        return sizeSeen;
    }

    String head() {
        return head;
    }

    long headBytes() {
        return headBytes;
    }

    /** Chunks the conversation had before it was rewritten (0 when it was not). */
    int staleAbove() {
        return staleAbove;
    }

    /** Bytes of the file read so far (the end of the last line handed out). */
    long consumedOffset() {
        return consumedOffset;
    }

    void consumed(long offset) {
        consumedOffset = offset;
    }

    double modifiedSeconds() {
        return modifiedSeconds;
    }

    /** True when this pass found messages the stored chunks do not hold yet. */
    boolean grew() {
        return assembler.messageCount() > previousMessages;
    }

    synchronized void lineRead(int skipped) {
        lines++;
        skippedRecords += skipped;
    }

    synchronized void redacted(int secrets) {
        redactions += secrets;
    }

    /** Secrets taken out of the messages of this pass. */
    public synchronized int redactions() {
        return redactions;
    }

    synchronized void malformed(long line, String reason) {
        lines++;
        malformedLines++;
        if (firstMalformed == null) {
            firstMalformed = "line " + line + ": " + reason;
        }
    }

    synchronized void dispatched(int chunks) {
        dispatched += chunks;
    }

    /** A chunk was stored; true when that completes the file. */
    synchronized boolean stored() {
        stored++;
        return completes();
    }

    /** A chunk (or the reading) failed; true when nothing of the file is in flight any more. */
    synchronized boolean failed(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        settledFailures++;
        return completes();
    }

    /** All lines were read and every chunk handed to the workers; true when that completes the file. */
    synchronized boolean readingDone() {
        readingDone = true;
        return completes();
    }

    /** Reading stopped on an error; true when nothing of the file is in flight any more. */
    synchronized boolean readingFailed(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        readingDone = true;
        return completes();
    }

    private boolean completes() {
        if (finished || !readingDone || stored + settledFailures < dispatched) {
            return false;
        }
        finished = true;
        return true;
    }

    synchronized boolean hasFailed() {
        return failure != null;
    }

    synchronized RuntimeException failure() {
        return failure;
    }

    public synchronized int lines() {
        return lines;
    }

    /** Messages found in this pass that were not stored before. */
    public synchronized int newMessages() {
        return Math.max(0, assembler.messageCount() - previousMessages);
    }

    public synchronized int skippedRecords() {
        return skippedRecords;
    }

    public synchronized int malformedLines() {
        return malformedLines;
    }

    synchronized String firstMalformed() {
        return firstMalformed;
    }

    /** Chunks embedded and stored in this pass (a re-stored partial chunk counts again). */
    public synchronized int chunksStored() {
        return stored;
    }
}
