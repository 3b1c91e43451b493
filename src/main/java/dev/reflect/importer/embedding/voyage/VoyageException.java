package dev.reflect.importer.embedding.voyage;

/**
 * Voyage AI did not embed a batch. This type itself is final for the batch (a refused request, an answer
 * that cannot be read): no retry. Its subtypes say when sending again can help.
 */
public class VoyageException extends RuntimeException {

    private final int status;

    public VoyageException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the API answered, or 0 when there was no answer to speak of. */
    public int status() {
        return status;
    }
}
