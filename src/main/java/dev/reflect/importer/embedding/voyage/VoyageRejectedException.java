package dev.reflect.importer.embedding.voyage;

/** The API refused the request (400, 401, 403, other 4xx): sending it again would get the same answer. */
public final class VoyageRejectedException extends VoyageException {

    public VoyageRejectedException(String message, int status) {
        super(message, status);
    }
}
