package dev.reflect.importer.embedding.voyage;

import java.time.Duration;
import java.util.Optional;

/** The API is busy or failing (429, 5xx, 408): the same request may succeed later, after {@link #retryAfter()}. */
public final class VoyageRetryableException extends VoyageException {

    private final Duration retryAfter;

    public VoyageRetryableException(String message, int status, Duration retryAfter) {
        super(message, status);
        this.retryAfter = retryAfter;
    }

    /** How long the API asked us to wait ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
