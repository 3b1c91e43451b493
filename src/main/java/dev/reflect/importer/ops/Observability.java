package dev.reflect.importer.ops;

import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.importing.MemoryGuard;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.metrics.ImportMetrics;
import dev.reflect.importer.metrics.LogsBacklog;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.state.ImportState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

/**
 * The importer's side of {@code /observe}: its metrics on the meter registry Camel scrapes, and its
 * readiness checks (Qdrant reachable, model loaded, state written). Called once from the importer's configuration.
 */
public final class Observability {

    /** The bean name camel-micrometer-prometheus looks up (and scrapes on {@code /observe/metrics}). */
    public static final String METER_REGISTRY = "metricsRegistry";
    static final Duration QDRANT_CHECK_TIMEOUT = Duration.ofSeconds(2);

    private Observability() {
    }

    /**
     * Binds {@code importMetrics} (the memory guard gauge reads the {@code memoryGuard} bean), registers the health checks, and returns the
     * metrics for the beans that feed them.
     */
    public static ImportMetrics install(CamelContext context, RunStats stats, LogsBacklog logs,
                                        QdrantStore qdrant, String qdrantUrl, Embedder embedder, ImportState state) {
        Registry registry = context.getRegistry();
        // The guard is looked up when the gauge is read, so the order of the beans' binding does not matter.
        BooleanSupplier memoryGuardPaused = () -> {
            MemoryGuard guard = registry.lookupByNameAndType("memoryGuard", MemoryGuard.class);
            return guard != null && guard.paused();
        };
        ImportMetrics metrics = new ImportMetrics(meterRegistry(context), stats,
                logs, memoryGuardPaused);
        registry.bind("importMetrics", metrics);

        HealthCheckRegistry health = HealthCheckHelper.getHealthCheckRegistry(context);
        if (health != null) {
            health.register(new QdrantHealthCheck(qdrant, qdrantUrl, QDRANT_CHECK_TIMEOUT));
            health.register(new ModelHealthCheck(embedder));
            health.register(new StateHealthCheck(state));
        }
        return metrics;
    }

    /** The registry Camel's Prometheus endpoint scrapes: the one already bound, or a new one bound for it. */
    static MeterRegistry meterRegistry(CamelContext context) {
        MeterRegistry existing = context.getRegistry().lookupByNameAndType(METER_REGISTRY, MeterRegistry.class);
        if (existing != null) {
            return existing;
        }
        PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        context.getRegistry().bind(METER_REGISTRY, created);
        return created;
    }
}
