package dev.reflect.importer.ops;

import dev.reflect.importer.embedding.Embedder;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the embedder can embed ({@link Embedder#ready()}). The local model is loaded once, before the routes
 * start, so this reports its provider and dimension. Voyage AI is ready when its key is set: no request is made
 * for the check, and the dimension, which only an answer tells, is reported once known.
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
        if (embedder == null) {
            builder.message("No embedding model loaded").down();
            return;
        }
        builder.detail("provider", embedder.provider());
        if (embedder.dimension() > 0) {
            builder.detail("dimension", embedder.dimension());
        }
        if (!embedder.ready()) {
            builder.message("local".equals(embedder.provider()) ? "No embedding model loaded"
                    : "The " + embedder.provider() + " embedder cannot embed: no API key").down();
            return;
        }
        builder.up();
    }
}
