package dev.reflect.importer.routes;

import dev.reflect.importer.embedding.voyage.VoyageRetryableException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Makes the next redelivery of a Voyage AI request wait what the API's {@code Retry-After} said, in place of
 * the backoff.
 *
 * <p>Bound as {@code retryAfter}, the {@code onExceptionOccurredRef} of chunk-errors' Voyage clause
 * ({@code routes/import.yaml}). It runs before Camel's {@code RedeliveryErrorHandler} computes the delay in
 * {@code determineRedeliveryDelay}, which takes the header {@link Exchange#REDELIVERY_DELAY} (milliseconds)
 * from the message when present and the policy's exponential backoff otherwise. The header
 * lives only for this attempt: before redelivering, Camel copies the message back from the copy it took
 * before the failed attempt, which has none.
 */
public final class RetryAfter implements Processor {

    @Override
    public void process(Exchange exchange) {
        VoyageRetryableException e = exchange.getException(VoyageRetryableException.class);
        if (e != null) {
            e.retryAfter().ifPresent(wait -> exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis()));
        }
    }
}
