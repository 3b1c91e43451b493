package dev.reflect.importer.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.ops.ManagementServer;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
            "  reflect search TEXT [--project NAME|all] [--limit N] [--json]",
            "  reflect status                  files and chunks per project, points in Qdrant",
            "  reflect bench  [--logs DIR]     chunks/min of the bare model and of the whole pipeline",
            "  reflect bench-live [--logs DIR] [--copies N] [--messages N] [--pace-ms MS] [--backlog-age-min M]",
            "                                  append-to-searchable latency of a live session over a backlog",
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
            RuntimeException known = knownCause(e);
            if (known != null) {
                throw known;
            }
            err.println("reflect: could not start: " + rootMessage(e));
            return FAILURE;
        }
        ImportRun run = main.getCamelContext().getRegistry().lookupByNameAndType("importRun", ImportRun.class);
        if (!oneShot) {
            Runtime.getRuntime().addShutdownHook(new Thread(main::stop, "reflect-stop"));
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
        if (stats.fatal() != null) {
            err.println("reflect: import stopped: " + stats.fatal().getMessage()
                    + ". What was stored is recorded; run the import again to continue from there.");
            return FAILURE;
        }
        return stats.failedFiles() > 0 ? FAILURE : OK;
    }

    private int search(Options options) {
        if (options.positional.isEmpty()) {
            throw new UsageException("search needs the text to look for.");
        }
        String query = String.join(" ", options.positional);
        Settings settings = standaloneSettings(settingOverrides(options));
        try (Embedder embedder = Embedders.create(settings);
             QdrantStore qdrant = QdrantStore.fromUrl(settings.qdrantUrl(), settings.qdrantGrpcPort(), settings.qdrantApiKey())) {
            List<String> collections = collectionsFor(options.project, qdrant, settings.provider());
            float[] vector = embedder.embed(query);
            List<QdrantStore.Hit> hits = new ArrayList<>();
            for (String collection : collections) {
                hits.addAll(qdrant.search(collection, vector, options.limit));
            }
            hits.sort(Comparator.comparingDouble((QdrantStore.Hit h) -> h.score()).reversed());
            List<QdrantStore.Hit> best = hits.subList(0, Math.min(options.limit, hits.size()));
            if (options.json) {
                printJson(best);
            } else if (best.isEmpty()) {
                out.println("No results in " + collections.size() + " collections.");
            } else {
                for (QdrantStore.Hit hit : best) {
                    Map<String, Object> p = hit.payload();
                    out.printf(Locale.ROOT, "%.3f  %s  %s  %s%n       %s%n", hit.score(), p.get("project"),
                            p.get("conversation_id"), p.get("timestamp"), excerpt(String.valueOf(p.get("text"))));
                }
            }
            return OK;
        } catch (RuntimeException e) {
            if (e instanceof SettingsException) {
                throw e;
            }
            err.println("reflect: search failed: " + rootMessage(e));
            return FAILURE;
        }
    }

    private List<String> collectionsFor(String project, QdrantStore qdrant, String provider) {
        if (project == null || project.equals("all")) {
            List<String> all = new ArrayList<>();
            for (String name : qdrant.collections()) {
                if (name.startsWith("conv_") && name.endsWith("_" + provider)) {
                    all.add(name);
                }
            }
            return all;
        }
        String collection = ProjectNames.collectionName(ProjectNames.normalise(project), provider);
        return qdrant.collections().contains(collection) ? List.of(collection) : List.of();
    }

    private void printJson(List<QdrantStore.Hit> hits) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (QdrantStore.Hit hit : hits) {
            ObjectNode node = array.addObject();
            node.put("score", hit.score());
            node.put("id", hit.id().toString());
            for (String field : List.of("project", "conversation_id", "timestamp", "chunk_index", "source_file", "text")) {
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
        try (QdrantStore qdrant = QdrantStore.fromUrl(settings.qdrantUrl(), settings.qdrantGrpcPort(), settings.qdrantApiKey())) {
            List<String> existing = qdrant.collections();
            for (Map.Entry<String, int[]> e : perProject.entrySet()) {
                String collection = ProjectNames.collectionName(ProjectNames.normalise(e.getKey()), settings.provider());
                String points = existing.contains(collection) ? Long.toString(qdrant.count(collection)) : "-";
                out.printf("%-50s %7d %8d %8s  %s%n", e.getKey(), e.getValue()[0], e.getValue()[1], points, collection);
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

    private static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
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
        int limit = 5;
        boolean json;
        int copies = 2;
        int messages = 40;
        long paceMillis = 500;
        long backlogAgeMinutes = 120;
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
                    case "--copies" -> o.copies = Integer.parseInt(value(args, ++i, a));
                    case "--messages" -> o.messages = Integer.parseInt(value(args, ++i, a));
                    case "--pace-ms" -> o.paceMillis = Long.parseLong(value(args, ++i, a));
                    case "--backlog-age-min" -> o.backlogAgeMinutes = Long.parseLong(value(args, ++i, a));
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
