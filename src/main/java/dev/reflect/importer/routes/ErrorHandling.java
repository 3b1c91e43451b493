package dev.reflect.importer.routes;

import dev.reflect.importer.qdrant.QdrantException;
import dev.reflect.importer.transcript.MalformedLineException;
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
 *   nothing.</li>
 * </ul>
 */
public final class ErrorHandling extends RouteConfigurationBuilder {

    private final int retries;
    private final long retryDelayMillis;
    private final long retryMaxDelayMillis;

    public ErrorHandling(int retries, long retryDelayMillis, long retryMaxDelayMillis) {
        this.retries = retries;
        this.retryDelayMillis = retryDelayMillis;
        this.retryMaxDelayMillis = retryMaxDelayMillis;
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
                .onException(Exception.class)
                    .handled(true)
                    .useOriginalMessage()
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .to("direct:chunk-failed")
                .end();
    }
}
