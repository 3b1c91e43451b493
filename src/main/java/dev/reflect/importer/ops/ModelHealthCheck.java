package dev.reflect.importer.ops;

import dev.reflect.importer.embedding.Embedder;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the embedding model is loaded. The model is loaded once, before the routes start, so this
 * reports its provider and dimension; it is down only when no embedder is bound.
 */
public final class ModelHealthCheck extends AbstractHealthCheck {

    private final Embedder embedder;

    public ModelHealthCheck(Embedder embedder) {
        super("reflect", "model");
        this.embedder = embedder;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (embedder == null || embedder.dimension() <= 0) {
            builder.message("No embedding model loaded").down();
            return;
        }
        builder.detail("provider", embedder.provider()).detail("dimension", embedder.dimension()).up();
    }
}
