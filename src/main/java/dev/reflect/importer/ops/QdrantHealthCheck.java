package dev.reflect.importer.ops;

import dev.reflect.importer.qdrant.QdrantStore;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: Qdrant answers a list of its collections within a short timeout. */
public final class QdrantHealthCheck extends AbstractHealthCheck {

    private final QdrantStore qdrant;
    private final String url;
    private final Duration timeout;

    public QdrantHealthCheck(QdrantStore qdrant, String url, Duration timeout) {
        super("reflect", "qdrant");
        this.qdrant = qdrant;
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("qdrant.url", url);
        try {
            int collections = qdrant.collections(timeout).size();
            builder.detail("collections", collections);
            builder.up();
        } catch (RuntimeException e) {
            builder.message("Qdrant at " + url + " did not answer within " + timeout.toMillis() + " ms: " + e.getMessage());
            builder.down();
        }
    }
}
