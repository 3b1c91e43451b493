package dev.reflect.importer.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.ops.ManagementServer;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.search.SearchException;
import dev.reflect.importer.search.SearchHit;
import dev.reflect.importer.search.SearchQuery;
import dev.reflect.importer.search.SearchService;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateFileException;
import dev.reflect.importer.state.StateRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.Main;

/**
 * The command line: {@code reflect import|watch|search|status}. Exit codes: 0 done, 1 failure,
 * 2 usage or configuration error.
 */
public final class Reflect {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join("\n",
            "Usage:",
            "  reflect import [--logs DIR]     import everything pending once, print a summary, exit",
            "  reflect watch  [--logs DIR]     keep importing as logs change",
            "  reflect search TEXT [--project NAME|all] [--limit N] [--file PATH] [--decay|--no-decay]",
            "                 [--mode hybrid|dense|bm25] [--json]",
            "  reflect status                  files and chunks per project, points in Qdrant",
            "  reflect bench  [--logs DIR]     chunks/min of the bare model and of the whole pipeline",
            "  reflect bench-live [--logs DIR] [--copies N] [--messages N] [--pace-ms MS] [--backlog-age-min M]",
            "                                  append-to-searchable latency of a live session over a backlog",
            "  reflect bench-search [--logs DIR] [--seed N] [--no-import]",
            "                                  recall@1/@5 and MRR of known-item spans: dense, BM25 and hybrid",
            "  reflect mcp                     MCP server on stdio for Claude Code (claude mcp add reflect -- reflect mcp)",
            "  reflect bench-mcp [--logs DIR] [--calls N]  start-up and reflect_on_past latency of reflect mcp",
            "  reflect console                 Hawtio on http://127.0.0.1:9877/, showing a running watch");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> overrides;
    private final Map<String, String> environment;

    /** Registry name of the environment the importer's settings read (see ImporterConfiguration). */
    static final String ENVIRONMENT = "environment";

    /**
     * @param overrides settings by property key that win over the environment and application.properties
     *                  (the command line's options; tests use them to point at their own folders and Qdrant)
     */
    Reflect(PrintStream out, PrintStream err, Map<String, String> overrides) {
        this(out, err, overrides, System.getenv());
    }

    /** @param environment in place of the process environment (tests: a fake Voyage AI key) */
    Reflect(PrintStream out, PrintStream err, Map<String, String> overrides, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.overrides = new HashMap<>(overrides);
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.setProperty("DJL_OFFLINE", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.exit(new Reflect(System.out, System.err, Map.of()).run(args));
    }

    int run(String[] args) {
        if (args.length == 0) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try {
            Options options = Options.parse(args);
            switch (args[0]) {
                case "import":
                    return runImporter(options, true);
                case "watch":
                    return runImporter(options, false);
                case "search":
                    return search(options);
                case "status":
                    return status(options);
                case "bench-live":
                    return new LiveBench(out).run(standaloneSettings(settingOverrides(options)), settingOverrides(options),
                            options.copies, options.messages, options.paceMillis, options.backlogAgeMinutes);
                case "bench-search":
                    return new SearchBench(out).run(standaloneSettings(settingOverrides(options)),
                            settingOverrides(options), options.seed, !options.noImport);
                case "mcp":
                    return new dev.reflect.importer.mcp.McpCommand(standaloneSettings(settingOverrides(options))).run();
                case "bench-mcp":
                    return new dev.reflect.importer.mcp.McpBench(out).run(standaloneSettings(settingOverrides(options)),
                            options.logs != null, options.calls);
                case "bench":
                    return new Bench(out).run(standaloneSettings(settingOverrides(options)), settingOverrides(options));
                case "help", "--help", "-h":
                    out.println(USAGE_TEXT);
                    return OK;
                default:
                    err.println("Unknown command '" + args[0] + "'.\n" + USAGE_TEXT);
                    return USAGE;
            }
        } catch (UsageException e) {
            err.println(e.getMessage() + "\n" + USAGE_TEXT);
            return USAGE;
        } catch (SettingsException | StateFileException e) {
            err.println("reflect: " + e.getMessage());
            return USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILURE;
        } catch (IOException e) {
            err.println("reflect: " + e.getMessage());
            return FAILURE;
        }
    }

    private int runImporter(Options options, boolean oneShot) {
        Main main = new Main();
        main.bind(ENVIRONMENT, environment);
        settingOverrides(options).forEach(main::addOverrideProperty);
        main.addOverrideProperty("importer.mode", oneShot ? "import" : "watch");
        ManagementServer.properties(environment, settingOverrides(options), !oneShot).forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            // What the configuration made (the state lock with it) is let go.
            main.stop();
            RuntimeException known = knownCause(e);
            if (known != null) {
                throw known;
            }
            err.println("reflect: could not start: " + rootMessage(e));
            return FAILURE;
        }
        ImportRun run = main.getCamelContext().getRegistry().lookupByNameAndType("importRun", ImportRun.class);
        StateRepository state = main.getCamelContext().getRegistry().lookupByNameAndType("importState", StateRepository.class);
        if (!oneShot) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopWatching(main, state), "reflect-stop"));
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                main.stop();
            }
            return OK;
        }
        try {
            run.awaitFirstPass(Long.MAX_VALUE / 4, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            main.stop();
        }
        RunStats stats = run.stats();
        out.println(stats.summary());
        if (stats.fatal() instanceof StateFileException) {
            err.println("reflect: import stopped: " + stats.fatal().getMessage()
                    + ". Fix that and run the import again.");
            return FAILURE;
        }
        if (stats.fatal() != null) {
            err.println("reflect: import stopped: " + stats.fatal().getMessage()
                    + ". What was stored is recorded; run the import again to continue from there.");
            return FAILURE;
        }
        return stats.failedFiles() > 0 ? FAILURE : OK;
    }

    /**
     * SIGTERM (or Ctrl-C) is how a user, systemd or Docker asks {@code watch} to stop. The JVM would end with 143
     * (128 + SIGTERM) even after a clean stop; once the importer stopped and recorded what it stored, the process
     * ends with 0 instead, or with 1 when the last state write had failed (what it stored is imported again).
     */
    private void stopWatching(Main main, StateRepository state) {
        main.stop();
        boolean stateWritten = state == null || state.state().writeFailure().isEmpty();
        if (!stateWritten) {
            err.println("reflect: stopped, but the state file could not be written: "
                    + state.state().writeFailure().get().getMessage());
        }
        out.flush();
        err.flush();
        // halt, not exit: this runs inside the JVM's shutdown, which exit would wait for.
        Runtime.getRuntime().halt(stateWritten ? OK : FAILURE);
    }

    private int search(Options options) {
        if (options.positional.isEmpty()) {
            throw new UsageException("search needs the text to look for.");
        }
        Settings settings = standaloneSettings(settingOverrides(options));
        SearchQuery query;
        try {
            query = SearchQuery.of(String.join(" ", options.positional), options.limit).withProject(options.project)
                    .withDecay(options.decay).withFile(options.file).withMode(options.mode);
        } catch (SearchException e) {
            throw new UsageException(e.getMessage());
        }
        try (SearchService search = Embedders.search(settings)) {
            List<SearchHit> hits = search.search(query);
            if (options.json) {
                printJson(hits);
            } else if (hits.isEmpty()) {
                out.println("No results for \"" + query.text() + "\" in "
                        + (query.allProjects() ? "any project" : "project " + query.project()) + ".");
            } else {
                for (SearchHit hit : hits) {
                    out.printf(Locale.ROOT, "%.3f  %s  %s  %s%n       %s%n", hit.score(), hit.project(),
                            hit.conversationId(), hit.timestamp(), hit.excerpt(200));
                }
            }
            return OK;
        } catch (SearchException e) {
            err.println("reflect: " + e.getMessage());
            return FAILURE;
        } catch (RuntimeException e) {
            if (e instanceof SettingsException) {
                throw e;
            }
            err.println("reflect: search failed: " + rootMessage(e));
            return FAILURE;
        }
    }

    private void printJson(List<SearchHit> hits) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (SearchHit hit : hits) {
            ObjectNode node = array.addObject();
            node.put("score", hit.score());
            node.put("id", hit.id().toString());
            node.put("collection", hit.collection());
            for (String field : List.of("project", "conversation_id", "timestamp", "chunk_index", "source_file",
                    "line_start", "line_end", "text")) {
                node.set(field, mapper.valueToTree(hit.payload().get(field)));
            }
        }
        try {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the results as JSON", e);
        }
    }

    private int status(Options options) {
        Settings settings = standaloneSettings(settingOverrides(options));
        ImportState state = ImportState.load(settings.stateFile(), new ObjectMapper());
        Map<String, int[]> perProject = new TreeMap<>();
        state.chunksPerFile().forEach((file, chunks) -> {
            int[] counts = perProject.computeIfAbsent(projectDirOf(settings.logsDir(), Path.of(file)), k -> new int[2]);
            counts[0]++;
            counts[1] += chunks;
        });
        out.printf("State: %s%nLogs:  %s%n%n", settings.stateFile(), settings.logsDir());
        out.printf("%-50s %7s %8s %8s  %s%n", "project", "files", "chunks", "points", "collection");
        try (QdrantStore qdrant = settings.openQdrant()) {
            List<String> existing = qdrant.collections();
            for (Map.Entry<String, int[]> e : perProject.entrySet()) {
                String collection = settings.collectionNames().conversations(ProjectNames.normalise(e.getKey()), settings.provider());
                boolean stored = existing.contains(collection);
                String points = stored ? Long.toString(qdrant.count(collection)) : "-";
                out.printf("%-50s %7d %8d %8s  %s%s%n", e.getKey(), e.getValue()[0], e.getValue()[1], points, collection,
                        stored ? "  " + qdrant.collectionAdmin().describeTopology(collection) : "");
            }
            return OK;
        } catch (RuntimeException e) {
            err.println("reflect: Qdrant at " + settings.qdrantUrl() + " cannot be reached: " + rootMessage(e));
            return FAILURE;
        }
    }

    private static String projectDirOf(Path logsDir, Path file) {
        if (file.startsWith(logsDir) && logsDir.relativize(file).getNameCount() >= 2) {
            return logsDir.relativize(file).getName(0).toString();
        }
        Path parent = file.getParent();
        return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
    }

    private Map<String, String> settingOverrides(Options options) {
        Map<String, String> all = new HashMap<>(overrides);
        if (options.logs != null) {
            all.put("importer.logs-dir", options.logs);
        }
        return all;
    }

    private Settings standaloneSettings(Map<String, String> overrides) {
        Properties properties = new Properties();
        try (InputStream in = Reflect.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read application.properties from the jar", e);
        }
        return Settings.from(properties, environment, overrides);
    }

    private static RuntimeException knownCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SettingsException || t instanceof StateFileException) {
                return (RuntimeException) t;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Command-line options after the command. */
    static final class Options {
        String logs;
        String project;
        String file;
        Boolean decay;
        SearchQuery.Mode mode = SearchQuery.Mode.HYBRID;
        int limit = 5;
        boolean json;
        int copies = 2;
        int messages = 40;
        long paceMillis = 500;
        long backlogAgeMinutes = 120;
        long seed = 42;
        boolean noImport;
        int calls = 50;
        final List<String> positional = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--logs" -> o.logs = value(args, ++i, a);
                    case "--project" -> o.project = value(args, ++i, a);
                    case "--limit" -> {
                        String v = value(args, ++i, a);
                        try {
                            o.limit = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new UsageException("--limit needs a whole number, got '" + v + "'.");
                        }
                        if (o.limit < 1 || o.limit > 100) {
                            throw new UsageException("--limit must be from 1 to 100.");
                        }
                    }
                    case "--json" -> o.json = true;
                    case "--file" -> o.file = value(args, ++i, a);
                    case "--decay" -> o.decay = true;
                    case "--mode" -> {
                        String v = value(args, ++i, a);
                        try {
                            o.mode = SearchQuery.Mode.valueOf(v.toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException e) {
                            throw new UsageException("--mode must be hybrid, dense or bm25, got '" + v + "'.");
                        }
                    }
                    case "--no-decay" -> o.decay = false;
                    case "--copies" -> o.copies = Integer.parseInt(value(args, ++i, a));
                    case "--messages" -> o.messages = Integer.parseInt(value(args, ++i, a));
                    case "--pace-ms" -> o.paceMillis = Long.parseLong(value(args, ++i, a));
                    case "--backlog-age-min" -> o.backlogAgeMinutes = Long.parseLong(value(args, ++i, a));
                    case "--no-import" -> o.noImport = true;
                    case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
                    case "--calls" -> o.calls = Integer.parseInt(value(args, ++i, a));
                    default -> {
                        if (a.startsWith("--")) {
                            throw new UsageException("Unknown option " + a + ".");
                        }
                        o.positional.add(a);
                    }
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new UsageException(option + " needs a value.");
            }
            return args[i];
        }
    }

    /** Wrong words on the command line. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
