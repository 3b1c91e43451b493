package dev.reflect.importer.app;

import static dev.reflect.importer.app.Setting.bool;
import static dev.reflect.importer.app.Setting.choice;
import static dev.reflect.importer.app.Setting.decimal;
import static dev.reflect.importer.app.Setting.integer;
import static dev.reflect.importer.app.Setting.path;
import static dev.reflect.importer.app.Setting.pemFile;
import static dev.reflect.importer.app.Setting.port;
import static dev.reflect.importer.app.Setting.text;
import static dev.reflect.importer.app.Setting.url;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every setting of the importer, the management server and the console, declared once: environment variable,
 * key in {@code application.properties}, default (as that file writes it), check, and the README's line for it.
 * {@link SettingValues} reads them by one precedence rule; {@link Settings}, {@code ManagementServer} and
 * {@code Console} take their values from there. {@code SettingsTableTest} fails when {@code application.properties}
 * or the README's configuration table (which {@link #markdown()} writes) disagrees with this table.
 */
public final class SettingsTable {

    // ---- files -------------------------------------------------------------------------------------------------
    public static final Setting<Path> CLAUDE_LOGS_DIR = path("CLAUDE_LOGS_DIR", "importer.logs-dir",
            "~/.claude/projects", "logs root (read only); `--logs` overrides");
    public static final Setting<Path> STATE_FILE = path("STATE_FILE", "importer.state-file",
            "~/.claude-self-reflect/config/imported-files.json", "progress, claude-self-reflect's format");
    public static final Setting<Path> DEAD_LETTER_FILE = path("DEAD_LETTER_FILE", "importer.dead-letter-file",
            "~/.claude-self-reflect/dead-letters/malformed-lines.jsonl", "malformed lines");

    // ---- importing ---------------------------------------------------------------------------------------------
    public static final Setting<Integer> CHUNK_SIZE = integer("CHUNK_SIZE", "importer.chunk-size", "5", 1, 1000,
            "messages per chunk (1-1000)");
    public static final Setting<String> EXCLUDE_PROJECTS = text("REFLECT_EXCLUDE_PROJECTS", "importer.exclude-projects",
            "", "projects never imported, comma-separated: normalised names (`claude-self-reflect`) or folder names "
                    + "(`-Users-kyle-Code-claude-self-reflect`); a path is refused")
            .hint("give project names (e.g. claude-self-reflect) or folder names under the logs folder (e.g. "
                    + "-Users-kyle-Code-claude-self-reflect), separated by commas");
    public static final Setting<Double> WATCH_INTERVAL = decimal("WATCH_INTERVAL", "importer.watch-interval", "60",
            0.1, 86_400, "a number of seconds", "seconds between polls in `watch` (0.1-86400)");
    public static final Setting<Integer> WORKERS = integer("THREAD_POOL_WORKERS", "importer.workers", "2", 1, 64,
            "embedding workers (1-64)");
    public static final Setting<Integer> HOT_WINDOW_MINUTES = integer("HOT_WINDOW_MINUTES",
            "importer.hot-window-minutes", "5", 1, 1440, "files modified this recently are live sessions");
    public static final Setting<Integer> HOT_POLL_MS = integer("HOT_POLL_MS", "importer.hot-poll-ms", "500", 50, 60_000,
            "how often live sessions are checked");
    public static final Setting<Integer> WARM_WINDOW_HOURS = integer("WARM_WINDOW_HOURS", "importer.warm-window-hours",
            "24", 1, 8760, "warm files, every `WATCH_INTERVAL`");
    public static final Setting<Integer> MAX_COLD_FILES = integer("MAX_COLD_FILES", "importer.max-cold-files", "50", 1,
            100_000, "older files imported per `WATCH_INTERVAL` cycle");
    public static final Setting<Integer> OPERATIONAL_MEMORY_MB = integer("OPERATIONAL_MEMORY_MB",
            "importer.operational-memory-mb", "768", 0, 1_048_576, "memory guard limit; 0 turns it off")
            .or("MAX_MEMORY_MB");
    public static final Setting<Integer> STORE_BATCH_SIZE = integer("STORE_BATCH_SIZE", "importer.store-batch-size", "16",
            1, 1000, "points per Qdrant upsert");
    public static final Setting<Integer> STORE_BATCH_TIMEOUT_MS = integer("STORE_BATCH_TIMEOUT_MS",
            "importer.store-batch-timeout-ms", "100", 1, 60_000, "send a smaller upsert when no more points came");
    // Read by the routes only (no variable): Camel checks them when the routes start.
    public static final Setting<String> CHUNK_QUEUE_SIZE = text(null, "importer.chunk-queue-size", "16",
            "chunks waiting for a worker before reading a file waits");
    public static final Setting<String> EMBED_THROTTLE_MAX = text(null, "importer.embed-throttle-max", "1000",
            "chunks embedded per throttle period; the default (1,000 a second) does not limit: the model embeds ~30"
                    + " a second. Camel keeps one permit object per chunk of the period (100,000 held 3 MB of heap)."
                    + " Adjustable over JMX");
    public static final Setting<String> EMBED_THROTTLE_PERIOD_MS = text(null, "importer.embed-throttle-period-ms", "1000",
            "the embedding throttle's period");

    // ---- Qdrant ------------------------------------------------------------------------------------------------
    public static final Setting<String> QDRANT_URL = url("QDRANT_URL", "qdrant.url", "http://localhost:6333",
            "gRPC goes to port 6334 (URL port + 1 for other ports)");
    public static final Setting<Integer> QDRANT_GRPC_PORT = integer("QDRANT_GRPC_PORT", "qdrant.grpc-port", null, 1,
            65535, "Qdrant's gRPC port, when not the derived one").shownDefault("derived");
    public static final Setting<String> QDRANT_API_KEY = text("QDRANT_API_KEY", null, null, "sent to Qdrant on every "
            + "call, never logged; a key Qdrant refuses stops start-up (exit 2) naming the variable. A JWT of Qdrant's "
            + "RBAC goes here too").secret();
    public static final Setting<Path> QDRANT_CA_CERT = pemFile("QDRANT_CA_CERT", "qdrant.ca-cert", "PEM file of the CA, "
            + "or the self-signed certificate, that signed the server's TLS certificate; needs an `https://` "
            + "`QDRANT_URL`. A missing or unreadable file stops start-up (exit 2)")
            .shownDefault("none (the JVM's trusted certificates)")
            .hint("give the PEM file of the CA (or the self-signed certificate) that signed the Qdrant server's "
                    + "certificate");
    public static final Setting<Integer> QDRANT_SHARDS = integer("QDRANT_SHARDS", "qdrant.shards", "1", 1, 1000,
            "shards of a new collection (see [Cluster and team use](#cluster-and-team-use))");
    public static final Setting<Integer> QDRANT_REPLICAS = integer("QDRANT_REPLICAS", "qdrant.replicas", "1", 1, 100,
            "replication factor of a new collection");
    public static final Setting<Integer> QDRANT_WRITE_CONSISTENCY = integer("QDRANT_WRITE_CONSISTENCY",
            "qdrant.write-consistency", "1", 1, values -> values.get(QDRANT_REPLICAS),
            "replicas that must acknowledge a write (1 to `QDRANT_REPLICAS`)");
    public static final Setting<String> QDRANT_COLLECTION_PREFIX = text("QDRANT_COLLECTION_PREFIX",
            "qdrant.collection-prefix", "", "put with `_` before every collection name (`alice_conv_<hash>_local`, "
                    + "`alice_reflections_local`); searches, `status` and upgrades see only that prefix's collections. "
                    + "1-64 letters, digits, `_`, `-`")
            .hint("e.g. alice, or unset for no prefix");
    public static final Setting<Integer> QDRANT_RETRIES = integer("QDRANT_RETRIES", "qdrant.retries", "5", 0, 100,
            "retries of a failed Qdrant call");
    public static final Setting<Integer> QDRANT_RETRY_DELAY_MS = integer("QDRANT_RETRY_DELAY_MS", "qdrant.retry-delay-ms",
            "1000", 1, 600_000, "the first retry's delay: exponential backoff with jitter");
    public static final Setting<Integer> QDRANT_RETRY_MAX_DELAY_MS = integer("QDRANT_RETRY_MAX_DELAY_MS",
            "qdrant.retry-max-delay-ms", "30000", 1, 3_600_000, "the longest delay between two retries");

    // ---- embedding and search ----------------------------------------------------------------------------------
    public static final Setting<String> EMBEDDING_MODEL = text("EMBEDDING_MODEL", "embedding.model",
            "sentence-transformers/all-MiniLM-L6-v2", "the local model (the only one available locally)");
    public static final Setting<Integer> EMBEDDING_MAX_TOKENS = integer("EMBEDDING_MAX_TOKENS", "embedding.max-tokens",
            "256", 8, 512, "tokens per window (8-512)");
    public static final Setting<Integer> EMBEDDING_WINDOWS = integer("EMBEDDING_WINDOWS", "embedding.windows", "32", 1,
            1024, "windows embedded per chunk at most (1-1024)");
    public static final Setting<Integer> EMBEDDING_WINDOW_OVERLAP = integer("EMBEDDING_WINDOW_OVERLAP",
            "embedding.window-overlap", "32", 0, values -> (values.get(EMBEDDING_MAX_TOKENS) - 2) / 2,
            "tokens two windows share");
    public static final Setting<Boolean> MEMORY_DECAY = bool("ENABLE_MEMORY_DECAY", "search.memory-decay", "false",
            "searches rank newer conversations higher");
    public static final Setting<Double> DECAY_WEIGHT = decimal("DECAY_WEIGHT", "search.decay-weight", "0.3", 0, 1,
            "a number", "`score + weight * exp(-age / scale)`");
    public static final Setting<Double> DECAY_SCALE_DAYS = decimal("DECAY_SCALE_DAYS", "search.decay-scale-days", "90",
            0.01, 36_500, "a number of days", "the `scale` of `DECAY_WEIGHT`, in days");
    public static final Setting<Integer> SEARCH_TIMEOUT_MS = integer("SEARCH_TIMEOUT_MS", "search.timeout-ms", "5000",
            100, 600_000, "a search's Qdrant calls time out after this");
    public static final Setting<String> EMBEDDING_PRECISION = choice("EMBEDDING_PRECISION", "embedding.precision",
            "int8", List.of("fp32", "int8"), "`int8`: the quantised model "
                    + "(`all-minilm-l6-v2-q.onnx`), less memory; `fp32`: the full one. Vectors differ by about cos 0.99: "
                    + "collections written with either stay searchable with the other");
    public static final Setting<String> ONNX_CPU_ARENA = choice("ONNX_CPU_ARENA", "embedding.cpu-arena", "auto",
            List.of("auto", "on", "off"), "ONNX Runtime's CPU arena. `auto`: on under glibc (its 128 KiB mmap "
                    + "threshold maps and unmaps every call's tensors without it: half the model's speed), off when "
                    + "jemalloc is loaded (no speed to gain, ~15 MB more)");
    public static final Setting<Boolean> PREFER_LOCAL_EMBEDDINGS = bool("PREFER_LOCAL_EMBEDDINGS",
            "embedding.prefer-local", "true", "`false`: embed with Voyage AI (see [Voyage AI mode](#voyage-ai-mode))");
    public static final Setting<Path> MODEL_CACHE_DIR = path("MODEL_CACHE_DIR", "embedding.model-cache-dir",
            "~/.cache/reflect-importer/models", "where the model is extracted once");

    // ---- Voyage AI ---------------------------------------------------------------------------------------------
    public static final Setting<String> VOYAGE_API_KEY = text("VOYAGE_API_KEY", null, null,
            "needed when `PREFER_LOCAL_EMBEDDINGS=false`; never logged").or("VOYAGE_KEY").secret();
    public static final Setting<String> VOYAGE_URL = url("VOYAGE_URL", "voyage.url", "https://api.voyageai.com/v1",
            "API root; requests go to `{VOYAGE_URL}/embeddings`");
    public static final Setting<String> VOYAGE_MODEL = text("VOYAGE_MODEL", "voyage.model", "voyage-3-large",
            "1024-d; the size comes from the first answer");
    public static final Setting<Integer> VOYAGE_MAX_TOKENS = integer("VOYAGE_MAX_TOKENS", "voyage.max-tokens", "32000",
            100, 1_000_000, "the model's context; longer chunks are cut and marked `truncated`");
    public static final Setting<Integer> VOYAGE_BATCH_SIZE = integer("VOYAGE_BATCH_SIZE", "voyage.batch-size", "128", 1,
            128, "texts per request (128 at most)");
    public static final Setting<Integer> VOYAGE_BATCH_TOKENS = integer("VOYAGE_BATCH_TOKENS", "voyage.batch-tokens",
            "120000", 100, 10_000_000, "estimated tokens per request (at least `VOYAGE_MAX_TOKENS`)");
    public static final Setting<Integer> VOYAGE_BATCH_TIMEOUT_MS = integer("VOYAGE_BATCH_TIMEOUT_MS",
            "voyage.batch-timeout-ms", "250", 1, 60_000, "send a smaller batch when no more chunks came");
    public static final Setting<Integer> VOYAGE_RPM = integer("VOYAGE_RPM", "voyage.rpm", "300", 1, 1_000_000,
            "requests per minute (throttle `voyage-throttle`, adjustable over JMX)");
    public static final Setting<Integer> VOYAGE_TIMEOUT_MS = integer("VOYAGE_TIMEOUT_MS", "voyage.timeout-ms", "60000",
            100, 3_600_000, "connect and answer timeout of one request");
    public static final Setting<Integer> VOYAGE_RETRIES = integer("VOYAGE_RETRIES", "voyage.retries", "8", 0, 100,
            "retries of a request after 429, 5xx, a timeout or a broken connection");
    public static final Setting<Integer> VOYAGE_RETRY_DELAY_MS = integer("VOYAGE_RETRY_DELAY_MS", "voyage.retry-delay-ms",
            "1000", 1, 600_000, "the first retry's delay: exponential backoff with jitter; a `Retry-After` wins");
    public static final Setting<Integer> VOYAGE_RETRY_MAX_DELAY_MS = integer("VOYAGE_RETRY_MAX_DELAY_MS",
            "voyage.retry-max-delay-ms", "60000", 1, 3_600_000, "the longest delay between two retries");

    // ---- management server (reflect watch) and console (reflect console) ---------------------------------------
    public static final Setting<String> MANAGEMENT_HOST = text("MANAGEMENT_HOST", "camel.management.host", "127.0.0.1",
            "where `reflect watch` serves `/observe/health`, `/observe/metrics` and `/observe/jolokia`; any host but "
                    + "the loopback needs `MANAGEMENT_USER` and `MANAGEMENT_PASSWORD`");
    public static final Setting<Integer> MANAGEMENT_PORT = port("MANAGEMENT_PORT", "camel.management.port", "9876",
            "the management server's port (0-65535)");
    public static final Setting<String> MANAGEMENT_USER = text("MANAGEMENT_USER", "management.user", null,
            "the management server's and the console's login (no spaces, `=`, `:`, `.` or `,`)");
    public static final Setting<String> MANAGEMENT_PASSWORD = text("MANAGEMENT_PASSWORD", null, null,
            "`MANAGEMENT_USER`'s password (no `,`, `=` or line breaks); never logged").secret();
    public static final Setting<String> CONSOLE_HOST = text("CONSOLE_HOST", "console.host", "127.0.0.1",
            "where `reflect console` serves Hawtio; any host but the loopback turns Hawtio's login on");
    public static final Setting<Integer> CONSOLE_PORT = port("CONSOLE_PORT", "console.port", "9877",
            "the console's port (0-65535)");

    /** What {@link Settings} reads, in the order it reads them. */
    public static final List<Setting<?>> IMPORTER = List.of(CLAUDE_LOGS_DIR, STATE_FILE, DEAD_LETTER_FILE, CHUNK_SIZE,
            EXCLUDE_PROJECTS, WATCH_INTERVAL, WORKERS, HOT_WINDOW_MINUTES, HOT_POLL_MS, WARM_WINDOW_HOURS, MAX_COLD_FILES,
            OPERATIONAL_MEMORY_MB, STORE_BATCH_SIZE, STORE_BATCH_TIMEOUT_MS, CHUNK_QUEUE_SIZE, EMBED_THROTTLE_MAX,
            EMBED_THROTTLE_PERIOD_MS, QDRANT_URL, QDRANT_GRPC_PORT, QDRANT_API_KEY, QDRANT_CA_CERT, QDRANT_SHARDS,
            QDRANT_REPLICAS, QDRANT_WRITE_CONSISTENCY, QDRANT_COLLECTION_PREFIX, QDRANT_RETRIES, QDRANT_RETRY_DELAY_MS,
            QDRANT_RETRY_MAX_DELAY_MS, EMBEDDING_MODEL, EMBEDDING_MAX_TOKENS, EMBEDDING_WINDOWS, EMBEDDING_WINDOW_OVERLAP,
            MEMORY_DECAY, DECAY_WEIGHT, DECAY_SCALE_DAYS, SEARCH_TIMEOUT_MS, EMBEDDING_PRECISION, ONNX_CPU_ARENA,
            PREFER_LOCAL_EMBEDDINGS, MODEL_CACHE_DIR, VOYAGE_API_KEY, VOYAGE_URL, VOYAGE_MODEL, VOYAGE_MAX_TOKENS,
            VOYAGE_BATCH_SIZE, VOYAGE_BATCH_TOKENS, VOYAGE_BATCH_TIMEOUT_MS, VOYAGE_RPM, VOYAGE_TIMEOUT_MS, VOYAGE_RETRIES,
            VOYAGE_RETRY_DELAY_MS, VOYAGE_RETRY_MAX_DELAY_MS);

    /** What the management server of {@code reflect watch} and the console read. */
    public static final List<Setting<?>> OPERATIONS = List.of(MANAGEMENT_HOST, MANAGEMENT_PORT, MANAGEMENT_USER,
            MANAGEMENT_PASSWORD, CONSOLE_HOST, CONSOLE_PORT);

    /** Every setting, in the README's order. */
    public static final List<Setting<?>> ALL = Stream.concat(IMPORTER.stream(), OPERATIONS.stream())
            .toList();

    private SettingsTable() {
    }

    /** The README's configuration table (under {@code ## Configuration}), one row per setting. */
    public static String markdown() {
        return "| variable | property | default | |\n|---|---|---|---|\n" + ALL.stream().map(SettingsTable::row)
                .collect(Collectors.joining("\n")) + "\n";
    }

    private static String row(Setting<?> s) {
        String variables = s.variables().isEmpty() ? "(property only)" : "`" + s.variables().get(0) + "`"
                + s.variables().stream().skip(1).map(v -> " (or `" + v + "`)").collect(Collectors.joining());
        String key = s.key() == null ? "(environment only)" : "`" + s.key() + "`";
        return "| " + variables + " | " + key + " | " + s.documentedDefault() + " | " + s.description() + " |";
    }
}
