package dev.reflect.importer.search;

/** A search that cannot be made as asked (bad input, unknown project) or that Qdrant did not answer. */
public class SearchException extends RuntimeException {

    public SearchException(String message) {
        super(message);
    }

    public SearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
