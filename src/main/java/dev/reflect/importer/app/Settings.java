package dev.reflect.importer.app;

import dev.reflect.importer.embedding.onnx.ModelFiles;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.CollectionTopology;
import dev.reflect.importer.qdrant.QdrantEndpoint;
import dev.reflect.importer.qdrant.QdrantStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every setting of the importer, read once and checked: a key in {@code application.properties}
 * (e.g. {@code qdrant.url}) that the environment variable of claude-self-reflect's name
 * ({@code QDRANT_URL}) overrides. An unusable value stops start-up with a message naming the variable.
 * Secrets (the Qdrant API key, the Voyage AI key) come only from the environment.
 */
public final class Settings {

    public static final String LOCAL_MODEL = "sentence-transformers/all-MiniLM-L6-v2";
    /** EMBEDDING_PRECISION's default, chosen by measurement (README, Measurements). */
    public static final String DEFAULT_PRECISION = "int8";

    private final Path logsDir;
    private final Path stateFile;
    private final Path deadLetterFile;
    private final Path modelCacheDir;
    private final int chunkSize;
    private final String embeddingModel;
    private final int embeddingMaxTokens;
    private final ModelFiles.Precision embeddingPrecision;
    private final int embeddingWindows;
    private final int embeddingWindowOverlap;
    private final boolean memoryDecay;
    private final double decayWeight;
    private final double decayScaleDays;
    private final int searchTimeoutMillis;
    private final boolean preferLocalEmbeddings;
    private final String voyageApiKey;
    private final String voyageUrl;
    private final String voyageModel;
    private final int voyageMaxTokens;
    private final int voyageBatchSize;
    private final int voyageBatchTokens;
    private final int voyageBatchTimeoutMillis;
    private final int voyageRpm;
    private final int voyageTimeoutMillis;
    private final int voyageRetries;
    private final long voyageRetryDelayMillis;
    private final long voyageRetryMaxDelayMillis;
    private final long watchIntervalMillis;
    private final int workers;
    private final int hotWindowMinutes;
    private final int warmWindowHours;
    private final int maxColdFiles;
    private final int hotPollMillis;
    private final int operationalMemoryMb;
    private final int storeBatchSize;
    private final int storeBatchTimeoutMillis;
    private final String qdrantUrl;
    private final QdrantEndpoint qdrantEndpoint;
    private final int qdrantShards;
    private final int qdrantReplicas;
    private final int qdrantWriteConsistency;
    private final CollectionNames collectionNames;
    private final int retryAttempts;
    private final long retryDelayMillis;
    private final long retryMaxDelayMillis;
    private final java.util.Set<String> excludedProjects;

    private Settings(Function<String, String> lookup) {
        SettingReader r = new SettingReader(lookup);
        String home = System.getProperty("user.home");
        logsDir = r.path("CLAUDE_LOGS_DIR", "importer.logs-dir", home + "/.claude/projects");
        stateFile = r.path("STATE_FILE", "importer.state-file", home + "/.claude-self-reflect/config/imported-files.json");
        deadLetterFile = r.path("DEAD_LETTER_FILE", "importer.dead-letter-file",
                home + "/.claude-self-reflect/dead-letters/malformed-lines.jsonl");
        modelCacheDir = r.path("MODEL_CACHE_DIR", "embedding.model-cache-dir", home + "/.cache/reflect-importer/models");
        chunkSize = r.integer("CHUNK_SIZE", "importer.chunk-size", 5, 1, 1000);
        embeddingModel = r.text("EMBEDDING_MODEL", "embedding.model", LOCAL_MODEL);
        embeddingMaxTokens = r.integer("EMBEDDING_MAX_TOKENS", "embedding.max-tokens", 256, 8, 512);
        embeddingPrecision = precision(r.text("EMBEDDING_PRECISION", "embedding.precision", DEFAULT_PRECISION));
        embeddingWindows = r.integer("EMBEDDING_WINDOWS", "embedding.windows", 32, 1, 1024);
        embeddingWindowOverlap = r.integer("EMBEDDING_WINDOW_OVERLAP", "embedding.window-overlap", 32, 0,
                (embeddingMaxTokens - 2) / 2);
        memoryDecay = r.bool("ENABLE_MEMORY_DECAY", "search.memory-decay", false);
        decayWeight = r.decimal("DECAY_WEIGHT", "search.decay-weight", 0.3, 0, 1, "a number");
        decayScaleDays = r.decimal("DECAY_SCALE_DAYS", "search.decay-scale-days", 90, 0.01, 36_500, "a number of days");
        searchTimeoutMillis = r.integer("SEARCH_TIMEOUT_MS", "search.timeout-ms", 5000, 100, 600_000);
        preferLocalEmbeddings = r.bool("PREFER_LOCAL_EMBEDDINGS", "embedding.prefer-local", true);
        String voyageKey = blankToNull(lookup.apply("env:VOYAGE_API_KEY"));
        voyageApiKey = voyageKey != null ? voyageKey : blankToNull(lookup.apply("env:VOYAGE_KEY"));
        voyageUrl = r.url("VOYAGE_URL", "voyage.url", "https://api.voyageai.com/v1").replaceAll("/+$", "");
        voyageModel = r.text("VOYAGE_MODEL", "voyage.model", "voyage-3-large");
        voyageMaxTokens = r.integer("VOYAGE_MAX_TOKENS", "voyage.max-tokens", 32_000, 100, 1_000_000);
        voyageBatchSize = r.integer("VOYAGE_BATCH_SIZE", "voyage.batch-size", 128, 1, 128);
        voyageBatchTokens = r.integer("VOYAGE_BATCH_TOKENS", "voyage.batch-tokens", 120_000, 100, 10_000_000);
        voyageBatchTimeoutMillis = r.integer("VOYAGE_BATCH_TIMEOUT_MS", "voyage.batch-timeout-ms", 250, 1, 60_000);
        voyageRpm = r.integer("VOYAGE_RPM", "voyage.rpm", 300, 1, 1_000_000);
        voyageTimeoutMillis = r.integer("VOYAGE_TIMEOUT_MS", "voyage.timeout-ms", 60_000, 100, 3_600_000);
        voyageRetries = r.integer("VOYAGE_RETRIES", "voyage.retries", 8, 0, 100);
        voyageRetryDelayMillis = r.integer("VOYAGE_RETRY_DELAY_MS", "voyage.retry-delay-ms", 1000, 1, 600_000);
        voyageRetryMaxDelayMillis = r.integer("VOYAGE_RETRY_MAX_DELAY_MS", "voyage.retry-max-delay-ms", 60_000, 1, 3_600_000);
        watchIntervalMillis = Math.round(r.decimal("WATCH_INTERVAL", "importer.watch-interval", 60, 0.1, 86_400,
                "a number of seconds") * 1000);
        workers = r.integer("THREAD_POOL_WORKERS", "importer.workers", 2, 1, 64);
        hotWindowMinutes = r.integer("HOT_WINDOW_MINUTES", "importer.hot-window-minutes", 5, 1, 1440);
        warmWindowHours = r.integer("WARM_WINDOW_HOURS", "importer.warm-window-hours", 24, 1, 8760);
        maxColdFiles = r.integer("MAX_COLD_FILES", "importer.max-cold-files", 50, 1, 100_000);
        hotPollMillis = r.integer("HOT_POLL_MS", "importer.hot-poll-ms", 500, 50, 60_000);
        String memoryVariable = r.raw("OPERATIONAL_MEMORY_MB", "importer.operational-memory-mb") == null
                && lookup.apply("env:MAX_MEMORY_MB") != null ? "MAX_MEMORY_MB" : "OPERATIONAL_MEMORY_MB";
        operationalMemoryMb = r.integer(memoryVariable, "importer.operational-memory-mb", 768, 0, 1_048_576);
        storeBatchSize = r.integer("STORE_BATCH_SIZE", "importer.store-batch-size", 16, 1, 1000);
        storeBatchTimeoutMillis = r.integer("STORE_BATCH_TIMEOUT_MS", "importer.store-batch-timeout-ms", 100, 1, 60_000);
        qdrantUrl = r.url("QDRANT_URL", "qdrant.url", "http://localhost:6333");
        String grpc = r.raw("QDRANT_GRPC_PORT", "qdrant.grpc-port");
        Integer grpcPort = grpc == null ? null : r.integer("QDRANT_GRPC_PORT", "qdrant.grpc-port", 6334, 1, 65535);
        Path caCert = r.certificate("QDRANT_CA_CERT", "qdrant.ca-cert");
        if (caCert != null && !qdrantUrl.startsWith("https://")) {
            throw new SettingsException("QDRANT_CA_CERT=" + caCert + " is not valid with QDRANT_URL=" + qdrantUrl
                    + ": a certificate to trust is for TLS; use an https:// URL, or unset QDRANT_CA_CERT.");
        }
        qdrantEndpoint = QdrantEndpoint.of(qdrantUrl, grpcPort, blankToNull(lookup.apply("env:QDRANT_API_KEY")), caCert);
        qdrantShards = r.integer("QDRANT_SHARDS", "qdrant.shards", 1, 1, 1000);
        qdrantReplicas = r.integer("QDRANT_REPLICAS", "qdrant.replicas", 1, 1, 100);
        qdrantWriteConsistency = r.integer("QDRANT_WRITE_CONSISTENCY", "qdrant.write-consistency", 1, 1, qdrantReplicas);
        collectionNames = collectionNames(r.text("QDRANT_COLLECTION_PREFIX", "qdrant.collection-prefix", ""));
        retryAttempts = r.integer("QDRANT_RETRIES", "qdrant.retries", 5, 0, 100);
        retryDelayMillis = r.integer("QDRANT_RETRY_DELAY_MS", "qdrant.retry-delay-ms", 1000, 1, 600_000);
        retryMaxDelayMillis = r.integer("QDRANT_RETRY_MAX_DELAY_MS", "qdrant.retry-max-delay-ms", 30_000, 1, 3_600_000);
        excludedProjects = r.projects("REFLECT_EXCLUDE_PROJECTS", "importer.exclude-projects");

        if (!preferLocalEmbeddings && voyageApiKey == null) {
            throw new SettingsException("PREFER_LOCAL_EMBEDDINGS=false embeds with Voyage AI, which needs a key: set "
                    + "VOYAGE_API_KEY (or VOYAGE_KEY) in the environment, or unset PREFER_LOCAL_EMBEDDINGS to embed "
                    + "locally with " + LOCAL_MODEL + ".");
        }
        if (voyageBatchTokens < voyageMaxTokens) {
            throw new SettingsException("VOYAGE_BATCH_TOKENS=" + voyageBatchTokens + " is not valid: a request must "
                    + "hold at least one whole text, VOYAGE_MAX_TOKENS=" + voyageMaxTokens + ".");
        }
        String model = embeddingModel.toLowerCase(Locale.ROOT);
        if (preferLocalEmbeddings && !model.equals(LOCAL_MODEL.toLowerCase(Locale.ROOT)) && !model.equals("all-minilm-l6-v2")) {
            throw new SettingsException("EMBEDDING_MODEL=" + embeddingModel + " is not available locally; the local model is "
                    + LOCAL_MODEL + " (384 dimensions).");
        }
    }

    private static CollectionNames collectionNames(String prefix) {
        try {
            return new CollectionNames(prefix);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("QDRANT_COLLECTION_PREFIX=" + prefix + " is not valid: " + e.getMessage()
                    + "; e.g. alice, or unset for no prefix.");
        }
    }

    private static ModelFiles.Precision precision(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fp32" -> ModelFiles.Precision.FP32;
            case "int8" -> ModelFiles.Precision.INT8;
            default -> throw new SettingsException("EMBEDDING_PRECISION=" + value + " is not valid: fp32 or int8.");
        };
    }

    /**
     * Reads settings from the properties (application.properties), the environment and explicit overrides
     * (command-line options), overrides first, then the environment, then the properties.
     */
    public static Settings from(Properties properties, Map<String, String> env, Map<String, String> overrides) {
        return new Settings(key -> {
            if (key.startsWith("env:")) {
                return env.get(key.substring(4));
            }
            if (key.endsWith("#override")) {
                return overrides.get(key.substring(0, key.length() - "#override".length()));
            }
            return properties.getProperty(key);
        });
    }

    /** The checked values under their property keys, for the routes' {@code {{placeholders}}}. */
    public Map<String, String> asProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("importer.logs-dir", logsDir.toString());
        p.put("importer.state-file", stateFile.toString());
        p.put("importer.dead-letter-file", deadLetterFile.toString());
        p.put("importer.chunk-size", Integer.toString(chunkSize));
        p.put("importer.watch-interval-ms", Long.toString(watchIntervalMillis));
        p.put("importer.workers", Integer.toString(workers));
        p.put("importer.hot-window-minutes", Integer.toString(hotWindowMinutes));
        p.put("importer.warm-window-hours", Integer.toString(warmWindowHours));
        p.put("importer.max-cold-files", Integer.toString(maxColdFiles));
        p.put("importer.hot-poll-ms", Integer.toString(hotPollMillis));
        p.put("importer.operational-memory-mb", Integer.toString(operationalMemoryMb));
        p.put("importer.store-batch-size", Integer.toString(storeBatchSize));
        p.put("importer.store-batch-timeout-ms", Integer.toString(storeBatchTimeoutMillis));
        p.put("importer.exclude-projects", String.join(",", excludedProjects));
        p.put("qdrant.url", qdrantUrl);
        p.put("qdrant.ca-cert", qdrantEndpoint.caCert() == null ? "" : qdrantEndpoint.caCert().toString());
        p.put("qdrant.shards", Integer.toString(qdrantShards));
        p.put("qdrant.replicas", Integer.toString(qdrantReplicas));
        p.put("qdrant.write-consistency", Integer.toString(qdrantWriteConsistency));
        p.put("qdrant.collection-prefix", collectionNames.prefix());
        p.put("qdrant.retries", Integer.toString(retryAttempts));
        p.put("qdrant.retry-delay-ms", Long.toString(retryDelayMillis));
        p.put("qdrant.retry-max-delay-ms", Long.toString(retryMaxDelayMillis));
        p.put("embedding.max-tokens", Integer.toString(embeddingMaxTokens));
        p.put("embedding.precision", embeddingPrecision.name().toLowerCase(Locale.ROOT));
        p.put("embedding.windows", Integer.toString(embeddingWindows));
        p.put("embedding.window-overlap", Integer.toString(embeddingWindowOverlap));
        p.put("search.memory-decay", Boolean.toString(memoryDecay));
        p.put("search.decay-weight", Double.toString(decayWeight));
        p.put("search.decay-scale-days", Double.toString(decayScaleDays));
        p.put("search.timeout-ms", Integer.toString(searchTimeoutMillis));
        p.put("embedding.provider", provider());
        p.put("voyage.url", voyageUrl);
        p.put("voyage.model", voyageModel);
        p.put("voyage.max-tokens", Integer.toString(voyageMaxTokens));
        p.put("voyage.batch-size", Integer.toString(voyageBatchSize));
        p.put("voyage.batch-tokens", Integer.toString(voyageBatchTokens));
        p.put("voyage.batch-timeout-ms", Integer.toString(voyageBatchTimeoutMillis));
        p.put("voyage.rpm", Integer.toString(voyageRpm));
        p.put("voyage.timeout-ms", Integer.toString(voyageTimeoutMillis));
        p.put("voyage.retries", Integer.toString(voyageRetries));
        p.put("voyage.retry-delay-ms", Long.toString(voyageRetryDelayMillis));
        p.put("voyage.retry-max-delay-ms", Long.toString(voyageRetryMaxDelayMillis));
        return p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public Path logsDir() { return logsDir; }
    /** Projects never imported: normalised project names or folder names under the logs root. */
    public java.util.Set<String> excludedProjects() { return excludedProjects; }
    public Path stateFile() { return stateFile; }
    public Path deadLetterFile() { return deadLetterFile; }
    public Path modelCacheDir() { return modelCacheDir; }
    public int chunkSize() { return chunkSize; }
    public int embeddingMaxTokens() { return embeddingMaxTokens; }
    /** EMBEDDING_PRECISION: {@code fp32} or {@code int8} (the quantised model file, ~2x faster, less memory). */
    public ModelFiles.Precision embeddingPrecision() { return embeddingPrecision; }
    /** At most this many windows of a chunk are embedded (the payload says when a chunk had more). */
    public int embeddingWindows() { return embeddingWindows; }
    public int embeddingWindowOverlap() { return embeddingWindowOverlap; }
    /** ENABLE_MEMORY_DECAY: searches rank newer conversations higher unless a search says otherwise. */
    public boolean memoryDecay() { return memoryDecay; }
    public double decayWeight() { return decayWeight; }
    public double decayScaleDays() { return decayScaleDays; }
    public java.time.Duration searchTimeout() { return java.time.Duration.ofMillis(searchTimeoutMillis); }
    public long watchIntervalMillis() { return watchIntervalMillis; }
    public int workers() { return workers; }
    /** The memory guard's limit in MB (0: off). */
    public int operationalMemoryMb() { return operationalMemoryMb; }
    public java.time.Duration hotWindow() { return java.time.Duration.ofMinutes(hotWindowMinutes); }
    public java.time.Duration warmWindow() { return java.time.Duration.ofHours(warmWindowHours); }
    public String qdrantUrl() { return qdrantUrl; }
    /** QDRANT_SHARDS, QDRANT_REPLICAS, QDRANT_WRITE_CONSISTENCY: how new collections spread over a cluster. */
    public CollectionTopology collectionTopology() {
        return new CollectionTopology(qdrantShards, qdrantReplicas, qdrantWriteConsistency);
    }

    /** QDRANT_COLLECTION_PREFIX: the names of the collections this importer writes, searches and lists. */
    public CollectionNames collectionNames() { return collectionNames; }

    /** QDRANT_URL, QDRANT_GRPC_PORT, QDRANT_API_KEY and QDRANT_CA_CERT: how Qdrant is reached. */
    public QdrantEndpoint qdrantEndpoint() { return qdrantEndpoint; }

    /** A Qdrant client for {@link #qdrantEndpoint()} creating collections in this topology. */
    public QdrantStore openQdrant() {
        return new QdrantStore(qdrantEndpoint(), java.time.Duration.ofSeconds(30), collectionTopology());
    }
    public int retryAttempts() { return retryAttempts; }
    public long retryDelayMillis() { return retryDelayMillis; }
    public long retryMaxDelayMillis() { return retryMaxDelayMillis; }
    /** {@code local} (the ONNX model) or {@code voyage} (PREFER_LOCAL_EMBEDDINGS=false); the collections' suffix. */
    public String provider() { return preferLocalEmbeddings ? "local" : "voyage"; }
    /** Only from the environment; null when neither VOYAGE_API_KEY nor VOYAGE_KEY is set. Never logged. */
    public String voyageApiKey() { return voyageApiKey; }
    public String voyageUrl() { return voyageUrl; }
    public String voyageModel() { return voyageModel; }
    public int voyageMaxTokens() { return voyageMaxTokens; }
    public int voyageBatchTokens() { return voyageBatchTokens; }
    public java.time.Duration voyageTimeout() { return java.time.Duration.ofMillis(voyageTimeoutMillis); }
    public int voyageRetries() { return voyageRetries; }
    public long voyageRetryDelayMillis() { return voyageRetryDelayMillis; }
    public long voyageRetryMaxDelayMillis() { return voyageRetryMaxDelayMillis; }

    @Override
    public String toString() {
        return "Settings" + asProperties() + (qdrantEndpoint.apiKey() != null ? " (Qdrant API key set)" : "")
                + (voyageApiKey != null ? " (Voyage AI key set)" : "");
    }
}
