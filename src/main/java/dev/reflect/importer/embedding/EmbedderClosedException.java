package dev.reflect.importer.embedding;

/** A call to an embedder already closed: the importer is stopping, and what the call carried is left for the next run. */
public class EmbedderClosedException extends RuntimeException {

    public EmbedderClosedException(String message) {
        super(message);
    }
}
