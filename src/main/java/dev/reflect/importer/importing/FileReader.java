package dev.reflect.importer.importing;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.chunking.ResumePoint;
import dev.reflect.importer.chunking.SourceFile;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.state.FileProgress;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateRepository;
import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.LineReader;
import dev.reflect.importer.transcript.MalformedLineException;
import dev.reflect.importer.transcript.Message;
import dev.reflect.importer.transcript.ParsedLine;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a file into chunks: {@link #open} finds where to resume and enters the file in the {@link Ledger};
 * {@link #chunks} streams its lines from there, each {@link #read} into the chunks its messages complete, and at
 * the end the open, shorter chunk. A malformed line is a result, not a failure: counted against its file, kept in
 * the dead letters, and the file goes on.
 */
public final class FileReader {

    private static final Logger LOG = LoggerFactory.getLogger(FileReader.class);

    /**
     * A last line without its newline may still be being written; once the file has not changed for this
     * long it is taken as it is (and counted as malformed if it is not JSON).
     */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final Path logsRoot;
    private final int chunkSize;
    private final String provider;
    private final CollectionNames names;
    private final ImportState state;
    private final TranscriptParser parser;
    private final DeadLetters deadLetters;
    private final Ledger ledger;
    private volatile boolean stopping;

    public FileReader(Path logsRoot, int chunkSize, String provider, CollectionNames names, ImportState state,
                      TranscriptParser parser, DeadLetters deadLetters, Ledger ledger) {
        this.logsRoot = logsRoot.toAbsolutePath().normalize();
        this.chunkSize = chunkSize;
        this.provider = provider;
        this.names = names;
        this.state = state;
        this.parser = parser;
        this.deadLetters = deadLetters;
        this.ledger = ledger;
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
        ledger.opened(fileImport);
        LOG.debug("{}: reading from line {} (byte {})", file, start.line(), start.offset());
        return fileImport;
    }

    /**
     * The file's chunks, read as they are asked for (one line in memory at a time): those its lines complete, then
     * the open chunk at the end. When the importer is stopping, the lines end early: what was read is recorded as
     * usual, and the rest is read on the next start.
     */
    public Iterator<Chunk> chunks(FileImport fileImport) {
        return new FileChunks(fileImport);
    }

    /** Reads one line into its file's chunks: the chunks it completes, or why it is malformed. */
    public LineResult read(FileImport fileImport, Line line) {
        ParsedLine parsed;
        try {
            parsed = parser.parse(line);
        } catch (MalformedLineException e) {
            deadLetters.record(e);
            fileImport.malformed(e.lineNumber(), e.reason());
            return LineResult.malformed(e);
        }
        return LineResult.read(accept(fileImport, parsed));
    }

    /** The importer is stopping: files being read end at their current line. */
    public void stopReading() {
        stopping = true;
    }

    /** Adds a parsed line's messages; returns the chunks they complete. */
    private static List<Chunk> accept(FileImport fileImport, ParsedLine parsed) {
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

    /** The open chunk at the end of the file, stored as it stands (it is stored again as it grows). */
    private static Optional<Chunk> lastChunk(FileImport fileImport) {
        Optional<Chunk> open = fileImport.assembler().openChunk();
        if (open.isEmpty() || !fileImport.grew()) {
            return Optional.empty();
        }
        fileImport.dispatched(1);
        return open;
    }

    /** One file's chunks, as its lines are read. */
    private final class FileChunks implements Iterator<Chunk>, Closeable {
        private final FileImport fileImport;
        private final LineReader lines;
        private final Deque<Chunk> ready = new ArrayDeque<>();
        private boolean linesDone;

        FileChunks(FileImport fileImport) {
            this.fileImport = fileImport;
            ResumePoint start = fileImport.start();
            boolean settled = fileImport.source().modified().isBefore(Instant.now().minus(SETTLE));
            this.lines = LineReader.open(fileImport.source().file(), start.offset(), start.line(),
                    tail -> settled || parser.isCompleteJson(tail));
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !linesDone) {
                if (!stopping && lines.hasNext()) {
                    Line line = lines.next();
                    fileImport.consumed(line.endOffset());
                    ready.addAll(read(fileImport, line).chunks());
                } else {
                    linesDone = true;
                    lines.close();
                    lastChunk(fileImport).ifPresent(ready::add);
                }
            }
            return !ready.isEmpty();
        }

        @Override
        public Chunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException("No more chunks in " + fileImport.path());
            }
            return ready.removeFirst();
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
