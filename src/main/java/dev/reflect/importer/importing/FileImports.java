package dev.reflect.importer.importing;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.chunking.ResumePoint;
import dev.reflect.importer.chunking.SourceFile;
import dev.reflect.importer.embedding.EmbeddedChunk;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.state.FileProgress;
import dev.reflect.importer.state.StateFileException;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateRepository;
import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.LineReader;
import dev.reflect.importer.transcript.MalformedLineException;
import dev.reflect.importer.transcript.Message;
import dev.reflect.importer.transcript.ParsedLine;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of importing one file, called by the routes in order: open (where to resume), lines
 * (stream them), accept (each parsed line: messages into chunks), flush (the open chunk), await
 * (all chunks stored), record (stage the progress for the state). Embedding workers report back with
 * {@link #chunkStored(Chunk)} and {@link #chunkFailed(Chunk, Exception)}.
 */
public final class FileImports {

    private static final Logger LOG = LoggerFactory.getLogger(FileImports.class);

    /**
     * A last line without its newline may still be being written; once the file has not changed for this
     * long it is taken as it is (and counted as malformed if it is not JSON).
     */
    static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(30);

    private final Path logsRoot;
    private final int chunkSize;
    private final String provider;
    private final CollectionNames names;
    private final ImportState state;
    private final StateRepository repository;
    private final TranscriptParser parser;
    private final RunStats stats;
    private final StalePoints stalePoints;
    private final Map<String, FileImport> active = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public FileImports(Path logsRoot, int chunkSize, String provider, CollectionNames names, ImportState state,
                       StateRepository repository, TranscriptParser parser, RunStats stats, StalePoints stalePoints) {
        this.stalePoints = stalePoints;
        this.logsRoot = logsRoot.toAbsolutePath().normalize();
        this.chunkSize = chunkSize;
        this.provider = provider;
        this.names = names;
        this.state = state;
        this.repository = repository;
        this.parser = parser;
        this.stats = stats;
    }

    /**
     * Starts a pass over a file: from where the last import stopped when the file only grew; from the start
     * when it shrank or its head changed (rewritten; chunks it no longer has are deleted at the end); from a
     * moved file's progress when the same conversation was recorded under another path that is gone.
     */
    public FileImport open(String path) {
        Path file = Path.of(path).toAbsolutePath().normalize();
        String key = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the attributes of " + file, e);
        }
        if (!attributes.isRegularFile()) {
            // The listing's filter (LogEntries) skips these; this one changed between the listing and now.
            throw new IllegalStateException(file + " is no longer a regular file; not read");
        }
        long size = attributes.size();
        long headBytes = Math.min(size, Heads.BYTES);
        String head = Heads.of(file, headBytes);
        Optional<FileProgress> recorded = state.progressOf(key, provider);
        if (recorded.isEmpty() && head != null) {
            String collection = names.conversations(new SourceFile(file, logsRoot, null).project(), provider);
            recorded = state.adoptMoved(key, head, provider, collection);
            recorded.ifPresent(p -> LOG.info("{}: the same conversation was imported under another path; carrying on from there", file));
        }
        int staleAbove = 0;
        if (recorded.isPresent() && Heads.rewritten(file, size, head, headBytes, recorded.get())) {
            LOG.info("{}: shrank or was rewritten; importing it again from the start", file);
            staleAbove = recorded.get().chunks();
            recorded = Optional.empty();
        }
        FileProgress progress = recorded.orElse(FileProgress.start(provider));
        ResumePoint start = new ResumePoint(progress.offset(), progress.line(), progress.skip(), progress.nextChunk());
        FileImport fileImport = new FileImport(new SourceFile(file, logsRoot, attributes.lastModifiedTime().toInstant()),
                size, StateRepository.mtimeSeconds(attributes), start, chunkSize, progress.messages(), head, headBytes, staleAbove);
        active.put(fileImport.path(), fileImport);
        repository.opened(fileImport.path());
        stats.fileStarted();
        LOG.debug("{}: reading from line {} (byte {})", file, start.line(), start.offset());
        return fileImport;
    }

    /**
     * The file's lines from where the last import stopped. When the importer is stopping, the lines end
     * early: what was read is recorded as usual, and the rest is read on the next start.
     */
    public Iterator<Line> lines(FileImport fileImport) {
        ResumePoint start = fileImport.start();
        boolean settled = fileImport.source().modified().isBefore(java.time.Instant.now().minus(SETTLE));
        LineReader reader = LineReader.open(fileImport.source().file(), start.offset(), start.line(),
                tail -> settled || parser.isCompleteJson(tail));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (stopping) {
                    reader.close();
                    return false;
                }
                return reader.hasNext();
            }

            @Override
            public Line next() {
                Line line = reader.next();
                fileImport.consumed(line.endOffset());
                return line;
            }
        };
    }

    /** Marks recorded files that are gone from disk (their points stay); returns how many were marked. */
    public int markGoneFiles() {
        int marked = state.markGone();
        if (marked > 0) {
            LOG.info("{} imported log files are gone from disk; their conversations stay searchable", marked);
        }
        return marked;
    }

    /** The importer is stopping: files being read end at their current line. */
    public void stopReading() {
        stopping = true;
    }

    /** Adds a parsed line's messages; returns the chunks they complete. */
    public List<Chunk> accept(ParsedLine parsed) {
        FileImport fileImport = activeFor(parsed.line().file());
        if (fileImport.hasFailed()) {
            return List.of();
        }
        ResumePoint start = fileImport.start();
        List<Chunk> complete = new ArrayList<>(1);
        for (Message message : parsed.messages()) {
            if (message.line() == start.line() && message.indexInLine() < start.skip()) {
                continue;
            }
            fileImport.assembler().add(message).ifPresent(complete::add);
            fileImport.redacted(message.redactions());
        }
        fileImport.assembler().lineDone(parsed.line());
        fileImport.lineRead(parsed.skippedRecords());
        fileImport.dispatched(complete.size());
        return complete;
    }

    /** Counts a malformed line against its file. */
    public void malformed(MalformedLineException e) {
        activeFor(e.file()).malformed(e.lineNumber(), e.reason());
    }

    /** The open chunk at the end of the file, stored as it stands (it is stored again as it grows). */
    public List<Chunk> flush(FileImport fileImport) {
        Optional<Chunk> open = fileImport.assembler().openChunk();
        if (open.isEmpty() || !fileImport.grew()) {
            return List.of();
        }
        fileImport.dispatched(1);
        return List.of(open.get());
    }

    /** All of a file was read and its chunks handed over; returns the file when nothing is left in flight. */
    public FileImport readingDone(FileImport fileImport) {
        return fileImport.readingDone() ? fileImport : null;
    }

    /** A worker stored a chunk; returns its file when that was the file's last chunk. */
    public FileImport chunkStored(Chunk chunk) {
        stats.chunkStored();
        FileImport fileImport = active.get(chunk.source().file().toString());
        return fileImport != null && fileImport.stored() ? fileImport : null;
    }

    /**
     * A worker gave up on a chunk, or on a batch of embedded chunks: their files record nothing this time.
     */
    public void chunkFailed(Object failed, Exception e) {
        if (failed instanceof List<?> batch) {
            batch.forEach(item -> chunkFailed(item, e));
            return;
        }
        Chunk chunk = failed instanceof EmbeddedChunk embedded ? embedded.chunk() : (Chunk) failed;
        RuntimeException failure = e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        stats.chunkFailed(failure);
        FileImport fileImport = active.get(chunk.source().file().toString());
        if (fileImport != null) {
            LOG.error("{}: chunk {} could not be stored: {}", fileImport.path(), chunk.index(), e.getMessage());
            if (fileImport.failed(failure)) {
                forget(fileImport);
            }
        }
    }

    /** Reading a file failed: the rest of its lines are passed over and it records nothing this time. */
    public void failed(String path, Exception e) {
        FileImport fileImport = active.get(Path.of(path).toAbsolutePath().normalize().toString());
        LOG.error("{}: not imported this time, it will be read again: {}", path, e.getMessage());
        if (fileImport != null && fileImport.readingFailed(
                e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e))) {
            forget(fileImport);
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
        active.remove(fileImport.path());
        stats.fileImported(fileImport);
        if (fileImport.malformedLines() > 0) {
            LOG.warn("{}: skipped {} malformed lines (first at {}); they are kept in the dead letters",
                    fileImport.path(), fileImport.malformedLines(), fileImport.firstMalformed());
        }
        LOG.info("{}: {} lines, {} new messages, {} chunks stored, {} records skipped, {} secrets redacted",
                fileImport.source().relativePath(), fileImport.lines(), fileImport.newMessages(),
                fileImport.chunksStored(), fileImport.skippedRecords(), fileImport.redactions());
    }

    private void forget(FileImport fileImport) {
        active.remove(fileImport.path());
        repository.release(fileImport.path());
        stats.fileFailed(fileImport);
    }

    private FileImport activeFor(Path file) {
        FileImport fileImport = active.get(file.toString());
        if (fileImport == null) {
            throw new IllegalStateException("No import is open for " + file);
        }
        return fileImport;
    }
}
