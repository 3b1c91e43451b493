package dev.reflect.importer.qdrant;

import io.grpc.Status;

/**
 * A Qdrant call failed: the message names the action and the collection, the cause is what the
 * gRPC client reported (usually an {@code io.grpc.StatusRuntimeException}).
 */
public class QdrantException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QdrantException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure of {@code action} on {@code collection}: a {@link QdrantAccessException} when the key was refused. */
    static QdrantException failed(String action, String collection, Throwable cause) {
        Status status = Status.fromThrowable(cause);
        if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
            return new QdrantAccessException("Qdrant refused the " + action + " on collection '" + collection + "' ("
                    + status.getCode() + ": " + status.getDescription() + "): check QDRANT_API_KEY, which is missing, "
                    + "not the server's key, or without access to the collection", cause);
        }
        return new QdrantException("Qdrant " + action + " on collection '" + collection + "' failed: "
                + cause.getMessage(), cause);
    }
}
