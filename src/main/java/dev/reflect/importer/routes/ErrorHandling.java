package dev.reflect.importer.routes;

import dev.reflect.importer.embedding.voyage.VoyageBatchTooLargeException;
import dev.reflect.importer.embedding.voyage.VoyageEmbeddings;
import dev.reflect.importer.embedding.voyage.VoyageException;
import dev.reflect.importer.embedding.voyage.VoyageRetryableException;
import dev.reflect.importer.qdrant.QdrantAccessException;
import dev.reflect.importer.qdrant.QdrantException;
import dev.reflect.importer.transcript.MalformedLineException;
import java.io.IOException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one place for error handling. Routes name the configuration they use:
 * <ul>
 *   <li>{@code file-errors} for the routes that read a file: a malformed line goes to the dead letters at
 *   once (no redelivery) and the file goes on; anything else fails the file, which records nothing and is
 *   read again by a later pass.</li>
 *   <li>{@code chunk-errors} for the embedding workers: Qdrant errors are retried with exponential backoff
 *   and jitter, each retry at WARN; a chunk that still fails is reported to its file, which then records
 *   nothing. A refused key ({@link QdrantAccessException}) is not retried.</li>
 *   <li>Voyage AI requests, in {@code chunk-errors} too: 429, 5xx, timeouts and broken connections are
 *   retried with the same backoff ({@code voyage.retry-*}), a 429's {@code Retry-After} taking the place of
 *   the delay ({@link RetryAfter}); a batch too large goes back to voyage-batch, which splits it; a
 *   refused request (400, 401, 403) is not retried. A batch that fails goes to {@code direct:chunk-failed}.
 *   {@code voyage-request-errors} is for the hop that makes the request: no error handler, so that its
 *   failure reaches the caller, whose redelivery sends the whole request again.</li>
 * </ul>
 */
public final class ErrorHandling extends RouteConfigurationBuilder {

    private final int retries;
    private final long retryDelayMillis;
    private final long retryMaxDelayMillis;

    private final int voyageRetries;
    private final long voyageRetryDelayMillis;
    private final long voyageRetryMaxDelayMillis;

    public ErrorHandling(int retries, long retryDelayMillis, long retryMaxDelayMillis) {
        this(retries, retryDelayMillis, retryMaxDelayMillis, 8, 1000, 60_000);
    }

    public ErrorHandling(int retries, long retryDelayMillis, long retryMaxDelayMillis,
                         int voyageRetries, long voyageRetryDelayMillis, long voyageRetryMaxDelayMillis) {
        this.retries = retries;
        this.retryDelayMillis = retryDelayMillis;
        this.retryMaxDelayMillis = retryMaxDelayMillis;
        this.voyageRetries = voyageRetries;
        this.voyageRetryDelayMillis = voyageRetryDelayMillis;
        this.voyageRetryMaxDelayMillis = voyageRetryMaxDelayMillis;
    }

    @Override
    public void configuration() {
        routeConfiguration("file-errors")
                .onException(MalformedLineException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .to("direct:dead-letter")
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .to("direct:file-failed")
                .end();

        routeConfiguration("chunk-errors")
                // Refused credentials stay refused: no retry, the chunk fails at once.
                .onException(QdrantAccessException.class)
                    .handled(true)
                    .useOriginalMessage()
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .to("direct:chunk-failed")
                .end()
                .onException(QdrantException.class)
                    .handled(true)
                    .useOriginalMessage()
                    .maximumRedeliveries(retries)
                    .redeliveryDelay(retryDelayMillis)
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay(retryMaxDelayMillis)
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logRetryStackTrace(false)
                    .logExhausted(false)
                    .to("direct:chunk-failed")
                .end()
                .onException(VoyageRetryableException.class, IOException.class)
                    .onWhen(exchangeProperty(VoyageEmbeddings.BATCH).isNotNull())
                    .handled(true)
                    .maximumRedeliveries(voyageRetries)
                    .redeliveryDelay(voyageRetryDelayMillis)
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay(voyageRetryMaxDelayMillis)
                    .useCollisionAvoidance()
                    .onExceptionOccurred(new RetryAfter())
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logRetryStackTrace(false)
                    .logExhausted(false)
                    .setBody(exchangeProperty(VoyageEmbeddings.BATCH))
                    .to("direct:chunk-failed")
                .end()
                // Not handled here: voyage-batch's doCatch splits the batch (a failure processor cannot
                // itself fail and be retried, which each half may need).
                .onException(VoyageBatchTooLargeException.class)
                    .handled(false)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                .end()
                .onException(VoyageException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .setBody(exchangeProperty(VoyageEmbeddings.BATCH))
                    .to("direct:chunk-failed")
                .end()
                .onException(Exception.class)
                    .handled(true)
                    .useOriginalMessage()
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .to("direct:chunk-failed")
                .end();

        routeConfiguration("voyage-request-errors")
                .errorHandler(noErrorHandler());
    }
}
