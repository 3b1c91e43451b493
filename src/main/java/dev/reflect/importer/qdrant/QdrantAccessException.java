package dev.reflect.importer.qdrant;

/**
 * Qdrant cannot be used as configured, and trying again does not help, so it is not retried: it refused the
 * credentials (gRPC {@code UNAUTHENTICATED} or {@code PERMISSION_DENIED}: the key in QDRANT_API_KEY is missing,
 * wrong, or as a JWT lacks the access), or the TLS handshake failed (the server's certificate is not trusted:
 * QDRANT_CA_CERT). The message names the setting to fix, never the key.
 */
public class QdrantAccessException extends QdrantException {

    private static final long serialVersionUID = 1L;

    public QdrantAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
