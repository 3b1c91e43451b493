package dev.reflect.importer.chunking;

import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Groups a conversation's messages, in file order, into chunks of {@code size}. It also knows where a
 * later read must resume so that complete chunks are never built twice: at the first message of the
 * open (incomplete) chunk, or past the last line read when no chunk is open.
 */
public final class ChunkAssembler {

    private final SourceFile source;
    private final int size;
    private final FileEntry entry;
    private final List<Message> open = new ArrayList<>();
    private int nextIndex;
    private ResumePoint resume;

    public ChunkAssembler(SourceFile source, int size, ResumePoint start) {
        this(source, size, start, null);
    }

    /** Chunks that carry {@code entry}, the ledger entry of the file being imported. */
    public ChunkAssembler(SourceFile source, int size, ResumePoint start, FileEntry entry) {
        this.entry = entry;
        this.source = source;
        this.size = size;
        this.nextIndex = start.chunkIndex();
        this.resume = start;
    }

    /** Adds a message; returns the chunk it completes, if any. */
    public Optional<Chunk> add(Message message) {
        if (open.isEmpty()) {
            resume = new ResumePoint(message.lineOffset(), message.line(), message.indexInLine(), nextIndex);
        }
        open.add(message);
        if (open.size() < size) {
            return Optional.empty();
        }
        Chunk chunk = new Chunk(source, nextIndex, open, entry);
        open.clear();
        nextIndex++;
        resume = new ResumePoint(message.lineOffset(), message.line(), message.indexInLine() + 1, nextIndex);
        return Optional.of(chunk);
    }

    /** Marks a line as fully read. */
    public void lineDone(Line line) {
        if (open.isEmpty()) {
            resume = new ResumePoint(line.endOffset(), line.number() + 1, 0, nextIndex);
        }
    }

    /** The open chunk as it stands (fewer than size messages), if any. */
    public Optional<Chunk> openChunk() {
        return open.isEmpty() ? Optional.empty() : Optional.of(new Chunk(source, nextIndex, open, entry));
    }

    public ResumePoint resumePoint() {
        return resume;
    }

    /** Chunks of the conversation so far, counting the open one. */
    public int chunkCount() {
        return nextIndex + (open.isEmpty() ? 0 : 1);
    }

    /** Messages of the conversation so far. */
    public int messageCount() {
        return nextIndex * size + open.size();
    }
}
