package dev.reflect.importer.embedding.voyage;

/** The API found the batch too large (too many texts or tokens): each half is sent instead, never the batch again. */
public final class VoyageBatchTooLargeException extends VoyageException {

    public VoyageBatchTooLargeException(String message, int status) {
        super(message, status);
    }
}
