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

    /**
     * The failure of {@code action} on {@code collection}: a {@link QdrantAccessException} when the key was refused
     * or the TLS handshake failed.
     */
    static QdrantException failed(String action, String collection, Throwable cause) {
        Status status = Status.fromThrowable(cause);
        if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
            return new QdrantAccessException("Qdrant refused the " + action + " on collection '" + collection + "' ("
                    + status.getCode() + ": " + status.getDescription() + "): check QDRANT_API_KEY, which is missing, "
                    + "not the server's key, or without access to the collection", cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                Throwable root = t;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                return new QdrantAccessException("TLS to Qdrant failed for the " + action + " on collection '"
                        + collection + "' (" + root.getMessage() + "): the server's certificate is not trusted, or the "
                        + "server does not speak TLS there; for a self-signed certificate or your own CA set "
                        + "QDRANT_CA_CERT to its PEM file, and check QDRANT_URL's scheme and port", cause);
            }
        }
        return new QdrantException("Qdrant " + action + " on collection '" + collection + "' failed: "
                + cause.getMessage(), cause);
    }
}
