package dev.reflect.importer.app;

import static dev.reflect.importer.app.SettingsTable.*;

import dev.reflect.importer.embedding.onnx.ModelFiles;
import dev.reflect.importer.embedding.onnx.NativeAllocator;
import dev.reflect.importer.privacy.ExcludedProjects;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.CollectionTopology;
import dev.reflect.importer.qdrant.QdrantEndpoint;
import dev.reflect.importer.qdrant.QdrantStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The importer's settings as typed values: what {@link SettingsTable} declares, read once by {@link SettingValues}
 * (a key in {@code application.properties}, e.g. {@code qdrant.url}, that the environment variable of
 * claude-self-reflect's name, {@code QDRANT_URL}, overrides), and the checks that take more than one setting.
 * An unusable value stops start-up with a message naming the variable. Secrets (the Qdrant API key, the Voyage AI
 * key) come only from the environment.
 */
public final class Settings {

    public static final String LOCAL_MODEL = EMBEDDING_MODEL.fallback();
    /** EMBEDDING_PRECISION's default, chosen by measurement (README, Measurements). */
    public static final String DEFAULT_PRECISION = EMBEDDING_PRECISION.fallback();

    private final SettingValues values;
    private final ModelFiles.Precision embeddingPrecision;
    private final QdrantEndpoint qdrantEndpoint;
    private final CollectionNames collectionNames;
    private final Set<String> excludedProjects;

    private Settings(SettingValues values) {
        this.values = values;
        // Each is read (and checked) now, in the table's order, so a bad value stops start-up before anything runs.
        SettingsTable.IMPORTER.forEach(values::get);
        embeddingPrecision = ModelFiles.Precision.valueOf(values.get(EMBEDDING_PRECISION).toUpperCase(Locale.ROOT));
        excludedProjects = values.get(EXCLUDE_PROJECTS, ExcludedProjects::parse);
        collectionNames = values.get(QDRANT_COLLECTION_PREFIX, CollectionNames::new);
        String qdrantUrl = values.get(QDRANT_URL);
        Path caCert = values.get(QDRANT_CA_CERT);
        if (caCert != null && !qdrantUrl.startsWith("https://")) {
            throw new SettingsException("QDRANT_CA_CERT=" + caCert + " is not valid with QDRANT_URL=" + qdrantUrl
                    + ": a certificate to trust is for TLS; use an https:// URL, or unset QDRANT_CA_CERT.");
        }
        qdrantEndpoint = QdrantEndpoint.of(qdrantUrl, values.get(QDRANT_GRPC_PORT), values.get(QDRANT_API_KEY), caCert);

        if (!values.get(PREFER_LOCAL_EMBEDDINGS) && voyageApiKey() == null) {
            throw new SettingsException("PREFER_LOCAL_EMBEDDINGS=false embeds with Voyage AI, which needs a key: set "
                    + "VOYAGE_API_KEY (or VOYAGE_KEY) in the environment, or unset PREFER_LOCAL_EMBEDDINGS to embed "
                    + "locally with " + LOCAL_MODEL + ".");
        }
        if (voyageBatchTokens() < voyageMaxTokens()) {
            throw new SettingsException("VOYAGE_BATCH_TOKENS=" + voyageBatchTokens() + " is not valid: a request must "
                    + "hold at least one whole text, VOYAGE_MAX_TOKENS=" + voyageMaxTokens() + ".");
        }
        String embeddingModel = values.get(EMBEDDING_MODEL);
        String model = embeddingModel.toLowerCase(Locale.ROOT);
        if (values.get(PREFER_LOCAL_EMBEDDINGS) && !model.equals(LOCAL_MODEL.toLowerCase(Locale.ROOT))
                && !model.equals("all-minilm-l6-v2")) {
            throw new SettingsException("EMBEDDING_MODEL=" + embeddingModel + " is not available locally; the local model is "
                    + LOCAL_MODEL + " (384 dimensions).");
        }
    }

    /**
     * Reads settings from the properties (application.properties), the environment and explicit overrides
     * (command-line options), by {@link SettingValues}' rule: overrides first, then the environment, then the properties.
     */
    public static Settings from(Properties properties, Map<String, String> env, Map<String, String> overrides) {
        return new Settings(SettingValues.of(properties, env, overrides));
    }

    /** The checked values under their property keys, for the routes' {@code {{placeholders}}}; no secret. */
    public Map<String, String> asProperties() {
        Map<String, String> p = values.asProperties(SettingsTable.IMPORTER);
        p.put("importer.exclude-projects", String.join(",", excludedProjects));
        p.put("importer.watch-interval-ms", Long.toString(watchIntervalMillis()));
        p.put("embedding.provider", provider());
        p.put("voyage.url", voyageUrl());
        return p;
    }

    public Path logsDir() { return values.get(CLAUDE_LOGS_DIR); }
    /** Projects never imported: normalised project names or folder names under the logs root. */
    public Set<String> excludedProjects() { return excludedProjects; }
    public Path stateFile() { return values.get(STATE_FILE); }
    public Path deadLetterFile() { return values.get(DEAD_LETTER_FILE); }
    public Path modelCacheDir() { return values.get(MODEL_CACHE_DIR); }
    public int chunkSize() { return values.get(CHUNK_SIZE); }
    public int embeddingMaxTokens() { return values.get(EMBEDDING_MAX_TOKENS); }
    /** EMBEDDING_PRECISION: {@code fp32} or {@code int8} (the quantised model file, ~2x faster, less memory). */
    public ModelFiles.Precision embeddingPrecision() { return embeddingPrecision; }
    /** ONNX_CPU_ARENA: {@code on}, {@code off}, or {@code auto}: on unless jemalloc is this process's allocator. */
    public boolean onnxCpuArena() {
        String arena = values.get(ONNX_CPU_ARENA);
        return arena.equals("auto") ? !NativeAllocator.jemallocLoaded() : arena.equals("on");
    }
    /** At most this many windows of a chunk are embedded (the payload says when a chunk had more). */
    public int embeddingWindows() { return values.get(EMBEDDING_WINDOWS); }
    public int embeddingWindowOverlap() { return values.get(EMBEDDING_WINDOW_OVERLAP); }
    /** ENABLE_MEMORY_DECAY: searches rank newer conversations higher unless a search says otherwise. */
    public boolean memoryDecay() { return values.get(MEMORY_DECAY); }
    public double decayWeight() { return values.get(DECAY_WEIGHT); }
    public double decayScaleDays() { return values.get(DECAY_SCALE_DAYS); }
    public Duration searchTimeout() { return Duration.ofMillis(values.get(SEARCH_TIMEOUT_MS)); }
    public long watchIntervalMillis() { return Math.round(values.get(WATCH_INTERVAL) * 1000); }
    public int workers() { return values.get(WORKERS); }
    /** The memory guard's limit in MB (0: off). */
    public int operationalMemoryMb() { return values.get(OPERATIONAL_MEMORY_MB); }
    public Duration hotWindow() { return Duration.ofMinutes(values.get(HOT_WINDOW_MINUTES)); }
    public Duration warmWindow() { return Duration.ofHours(values.get(WARM_WINDOW_HOURS)); }
    public String qdrantUrl() { return values.get(QDRANT_URL); }
    /** QDRANT_SHARDS, QDRANT_REPLICAS, QDRANT_WRITE_CONSISTENCY: how new collections spread over a cluster. */
    public CollectionTopology collectionTopology() {
        return new CollectionTopology(values.get(QDRANT_SHARDS), values.get(QDRANT_REPLICAS),
                values.get(QDRANT_WRITE_CONSISTENCY));
    }

    /** QDRANT_COLLECTION_PREFIX: the names of the collections this importer writes, searches and lists. */
    public CollectionNames collectionNames() { return collectionNames; }

    /** QDRANT_URL, QDRANT_GRPC_PORT, QDRANT_API_KEY and QDRANT_CA_CERT: how Qdrant is reached. */
    public QdrantEndpoint qdrantEndpoint() { return qdrantEndpoint; }

    /** A Qdrant client for {@link #qdrantEndpoint()} creating collections in this topology. */
    public QdrantStore openQdrant() {
        return new QdrantStore(qdrantEndpoint(), Duration.ofSeconds(30), collectionTopology());
    }
    public int retryAttempts() { return values.get(QDRANT_RETRIES); }
    public long retryDelayMillis() { return values.get(QDRANT_RETRY_DELAY_MS); }
    public long retryMaxDelayMillis() { return values.get(QDRANT_RETRY_MAX_DELAY_MS); }
    /** {@code local} (the ONNX model) or {@code voyage} (PREFER_LOCAL_EMBEDDINGS=false); the collections' suffix. */
    public String provider() { return values.get(PREFER_LOCAL_EMBEDDINGS) ? "local" : "voyage"; }
    /** Only from the environment; null when neither VOYAGE_API_KEY nor VOYAGE_KEY is set. Never logged. */
    public String voyageApiKey() { return values.get(VOYAGE_API_KEY); }
    /** VOYAGE_URL without a trailing slash. */
    public String voyageUrl() { return values.get(VOYAGE_URL).replaceAll("/+$", ""); }
    public String voyageModel() { return values.get(VOYAGE_MODEL); }
    public int voyageMaxTokens() { return values.get(VOYAGE_MAX_TOKENS); }
    public int voyageBatchTokens() { return values.get(VOYAGE_BATCH_TOKENS); }
    public Duration voyageTimeout() { return Duration.ofMillis(values.get(VOYAGE_TIMEOUT_MS)); }
    public int voyageRetries() { return values.get(VOYAGE_RETRIES); }
    public long voyageRetryDelayMillis() { return values.get(VOYAGE_RETRY_DELAY_MS); }
    public long voyageRetryMaxDelayMillis() { return values.get(VOYAGE_RETRY_MAX_DELAY_MS); }

    @Override
    public String toString() {
        return "Settings" + asProperties() + (qdrantEndpoint.apiKey() != null ? " (Qdrant API key set)" : "")
                + (voyageApiKey() != null ? " (Voyage AI key set)" : "");
    }
}
