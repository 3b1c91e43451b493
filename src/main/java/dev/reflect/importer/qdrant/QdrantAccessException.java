package dev.reflect.importer.qdrant;

/**
 * Qdrant refused a call for its credentials (gRPC {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED}): the key
 * in QDRANT_API_KEY is missing, wrong, or (a JWT) lacks the access. Trying again does not help, so it is not
 * retried. The message names QDRANT_API_KEY, never the key.
 */
public class QdrantAccessException extends QdrantException {

    private static final long serialVersionUID = 1L;

    public QdrantAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
