package dev.reflect.importer.importing;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.chunking.ResumePoint;
import dev.reflect.importer.embedding.EmbeddedChunk;
import dev.reflect.importer.embedding.EmbedderClosedException;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.state.FileProgress;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateFileException;
import dev.reflect.importer.state.StateRepository;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files in flight: entered when the {@link FileReader} opens them, each with its {@link FileImport} entry,
 * which every chunk of the file carries. The workers report a chunk {@link #stored} or {@link #failed} through
 * that entry; a file is complete, exactly once whichever thread settles last, when all of it was read
 * ({@link #readingDone}) and none of its chunks is in flight, and is then {@link #record}ed in the state.
 */
public final class Ledger {

    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    private final String provider;
    private final CollectionNames names;
    private final ImportState state;
    private final StateRepository repository;
    private final RunStats stats;
    private final StalePoints stalePoints;
    private final Set<FileImport> inFlight = ConcurrentHashMap.newKeySet();

    public Ledger(String provider, CollectionNames names, ImportState state, StateRepository repository, RunStats stats,
                  StalePoints stalePoints) {
        this.provider = provider;
        this.names = names;
        this.state = state;
        this.repository = repository;
        this.stats = stats;
        this.stalePoints = stalePoints;
    }

    /** A file is being read. */
    void opened(FileImport fileImport) {
        inFlight.add(fileImport);
        repository.opened(fileImport.path());
        stats.fileStarted();
    }

    /** Files being read, or with chunks in flight, and not yet recorded or given up. */
    public int filesInFlight() {
        return inFlight.size();
    }

    /** All of a file was read and its chunks handed over; true when that completes it (nothing left in flight). */
    public boolean readingDone(FileImport fileImport) {
        return fileImport.readingDone();
    }

    /**
     * Reading a file failed: the rest of its lines are passed over and it records nothing this time.
     *
     * @param fileImport its entry, or null when it failed before it was opened
     */
    public void readingFailed(FileImport fileImport, String path, Exception e) {
        LOG.error("{}: not imported this time, it will be read again: {}", path, e.getMessage());
        if (fileImport != null && fileImport.readingFailed(runtime(e))) {
            forget(fileImport);
        }
    }

    /** What a worker carries while it embeds one chunk, for {@link #failed}: the chunk. */
    public List<Chunk> carried(Chunk chunk) {
        return List.of(chunk);
    }

    /** What a worker carries while it stores a batch of embedded chunks, for {@link #failed}: their chunks. */
    public List<Chunk> carriedIn(List<EmbeddedChunk> batch) {
        return batch.stream().map(EmbeddedChunk::chunk).toList();
    }

    /** A worker stored a chunk; true when that was its file's last chunk and all of the file was read. */
    public boolean stored(Chunk chunk) {
        stats.chunkStored();
        return entryOf(chunk).stored();
    }

    /** A worker gave up on chunks (one, or a batch): their files record nothing this time. */
    public void failed(List<Chunk> chunks, Exception e) {
        RuntimeException failure = runtime(e);
        if (chunks == null) {
            LOG.error("Chunks could not be stored, and which ones is not known: {}", e.getMessage());
            stats.chunkFailed(failure);
            return;
        }
        for (Chunk chunk : chunks) {
            stats.chunkFailed(failure);
            FileImport fileImport = entryOf(chunk);
            if (e instanceof EmbedderClosedException) {
                LOG.debug("{}: chunk {} left for the next run: {}", fileImport.path(), chunk.index(), e.getMessage());
            } else if (inFlight.contains(fileImport)) {
                LOG.error("{}: chunk {} could not be stored: {}", fileImport.path(), chunk.index(), e.getMessage());
            }
            if (fileImport.failed(failure)) {
                forget(fileImport);
            }
        }
    }

    /**
     * Records a completed file: its progress goes to the state through the idempotent repository. A file
     * one of whose chunks failed records nothing, so the next pass reads it again from its last point.
     */
    public void record(FileImport fileImport) {
        if (fileImport.hasFailed()) {
            forget(fileImport);
            return;
        }
        ResumePoint resume = fileImport.assembler().resumePoint();
        String collection = names.conversations(fileImport.source().project(), provider);
        int chunks = fileImport.assembler().chunkCount();
        try {
            if (fileImport.staleAbove() > chunks) {
                stalePoints.deleteChunks(collection, fileImport.source().conversationId(), chunks, fileImport.staleAbove());
                LOG.info("{}: deleted {} chunks the rewritten conversation no longer has", fileImport.path(),
                        fileImport.staleAbove() - chunks);
            }
            long tailBytes = Heads.tailBytes(resume.offset());
            String tail = tailBytes == 0 ? null : Heads.before(fileImport.source().file(), resume.offset(), tailBytes);
            repository.record(fileImport.path(), new FileProgress(fileImport.modifiedSeconds(), fileImport.consumedOffset(),
                    resume.offset(), resume.line(), resume.skip(), resume.chunkIndex(),
                    chunks, fileImport.assembler().messageCount(), provider, collection,
                    fileImport.head(), fileImport.headBytes(), tail, tail == null ? 0 : tailBytes));
        } catch (RuntimeException e) {
            LOG.error("{}: could not record its progress, it will be read again: {}", fileImport.path(), e.getMessage());
            if (e instanceof StateFileException) {
                stats.stateWriteFailed(e);
            }
            forget(fileImport);
            return;
        }
        inFlight.remove(fileImport);
        stats.fileImported(fileImport);
        if (fileImport.malformedLines() > 0) {
            LOG.warn("{}: skipped {} malformed lines (first at {}); they are kept in the dead letters",
                    fileImport.path(), fileImport.malformedLines(), fileImport.firstMalformed());
        }
        LOG.info("{}: {} lines, {} new messages, {} chunks stored, {} records skipped, {} secrets redacted",
                fileImport.source().relativePath(), fileImport.lines(), fileImport.newMessages(),
                fileImport.chunksStored(), fileImport.skippedRecords(), fileImport.redactions());
    }

    /** Marks recorded files that are gone from disk (their points stay); returns how many were marked. */
    public int markGoneFiles() {
        int marked = state.markGone();
        if (marked > 0) {
            LOG.info("{} imported log files are gone from disk; their conversations stay searchable", marked);
        }
        return marked;
    }

    private void forget(FileImport fileImport) {
        inFlight.remove(fileImport);
        repository.release(fileImport.path());
        stats.fileFailed(fileImport);
    }

    /** The entry the chunk carries: one of this ledger's, since only the {@link FileReader} makes chunks to import. */
    private static FileImport entryOf(Chunk chunk) {
        if (chunk.entry() instanceof FileImport fileImport) {
            return fileImport;
        }
        throw new IllegalArgumentException("Chunk " + chunk.index() + " of " + chunk.source().file()
                + " is not part of an import");
    }

    private static RuntimeException runtime(Exception e) {
        return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
}
