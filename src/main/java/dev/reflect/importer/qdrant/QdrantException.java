package dev.reflect.importer.qdrant;

/**
 * A Qdrant call failed: the message names the action and the collection, the cause is what the
 * gRPC client reported (usually an {@code io.grpc.StatusRuntimeException}).
 */
public class QdrantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QdrantException(String message, Throwable cause) {
        super(message, cause);
    }
}
