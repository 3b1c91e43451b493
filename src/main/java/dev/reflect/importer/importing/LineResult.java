package dev.reflect.importer.importing;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.transcript.MalformedLineException;
import java.util.List;

/**
 * What one line of a file gave the {@link FileReader}: the chunks its messages completed (often none), or, for a
 * malformed line, what was wrong with it (already counted against its file and kept in the dead letters).
 *
 * @param chunks    the chunks the line completed, in order
 * @param malformed why the line was not read, with its file, number and original bytes; null for a line that was
 */
public record LineResult(List<Chunk> chunks, MalformedLineException malformed) {

    public LineResult {
        chunks = List.copyOf(chunks);
    }

    static LineResult read(List<Chunk> chunks) {
        return new LineResult(chunks, null);
    }

    static LineResult malformed(MalformedLineException why) {
        return new LineResult(List.of(), why);
    }

    public boolean isMalformed() {
        return malformed != null;
    }
}
