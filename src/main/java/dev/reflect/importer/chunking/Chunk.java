package dev.reflect.importer.chunking;

import dev.reflect.importer.transcript.Message;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Messages {@code index * size ... (index + 1) * size - 1} of one conversation. The last chunk of a
 * file may hold fewer, and is stored again under the same id as it grows.
 *
 * @param entry the ledger entry of the file being imported, to report the chunk stored or failed to; null for a
 *              chunk made outside an import (tests, benchmarks)
 */
public record Chunk(SourceFile source, int index, List<Message> messages, FileEntry entry) {

    public Chunk {
        messages = List.copyOf(messages);
    }

    /** A chunk of no import (nothing to report it to). */
    public Chunk(SourceFile source, int index, List<Message> messages) {
        this(source, index, messages, null);
    }

    /** Each message as {@code ROLE: text}, joined by a blank line. */
    public String text() {
        return messages.stream()
                .map(m -> m.role().toUpperCase(Locale.ROOT) + ": " + m.text())
                .collect(Collectors.joining("\n\n"));
    }

    public long lineStart() {
        return messages.get(0).line();
    }

    public long lineEnd() {
        return messages.get(messages.size() - 1).line();
    }
}
