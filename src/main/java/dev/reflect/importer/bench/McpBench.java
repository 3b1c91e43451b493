package dev.reflect.importer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.cli.Invocation;
import dev.reflect.importer.cli.ReflectCommand;
import dev.reflect.importer.mcp.McpStdioServer;
import dev.reflect.importer.qdrant.QdrantStore;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code reflect bench-mcp}: imports a logs folder into Qdrant when its collections are missing, starts
 * {@code reflect mcp} as Claude Code does (a child process on stdio), and measures over JSON-RPC the time from
 * spawning it to its first {@code reflect_on_past} answer, then the p50 and p95 of {@code calls} more.
 */
@Command(name = "bench-mcp", sortOptions = false,
        description = "Start-up and reflect_on_past latency of reflect mcp (default logs: the repository's test corpus).")
public final class McpBench extends ReflectCommand {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> QUERIES = List.of(
            "how did we fix the failing test", "qdrant collection not found", "docker compose setup",
            "refactor the command line parser", "memory usage too high", "git merge conflict in the worktree",
            "add a new command to the cli", "authentication error with the api key", "speed up the build",
            "where is the configuration file read", "rate limit retries with backoff", "music generation model");

    private final ObjectMapper json = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--calls", paramLabel = "N", description = "timed reflect_on_past calls after the first (default: ${DEFAULT-VALUE})")
    private int calls = 50;

    public McpBench(Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Settings settings = settings();
        if (calls < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--calls': " + calls + " is not 1 or more");
        }
        Path jar = jar();
        Path home = jar.getParent().getParent();
        Path folder = logs.given() ? settings.logsDir() : home.resolve("testdata/corpus/projects");
        importIfNeeded(settings, folder, jar);
        String project = largestProject(folder);

        Path serverLog = Files.createTempFile("reflect-mcp-bench", ".log");
        Path script = home.resolve("reflect");
        List<String> command = Files.isExecutable(script) ? List.of(script.toString(), "mcp")
                : List.of(java(), "-jar", jar.toString(), "mcp");
        long spawned = System.nanoTime();
        Process server = new ProcessBuilder(command).redirectError(serverLog.toFile()).start();
        try (StdioJsonRpc rpc = new StdioJsonRpc(server, json)) {
            ObjectNode init = json.createObjectNode().put("protocolVersion", "2025-06-18");
            init.putObject("capabilities");
            init.putObject("clientInfo").put("name", "reflect-bench-mcp").put("version", McpStdioServer.VERSION);
            JsonNode initialized = rpc.request("initialize", init, CALL_TIMEOUT);
            double initializeMs = millisSince(spawned);
            rpc.notify("notifications/initialized");
            int tools = rpc.request("tools/list", json.createObjectNode(), CALL_TIMEOUT).path("tools").size();
            String first = call(rpc, QUERIES.get(0), "all");
            double firstMs = millisSince(spawned);
            out().printf(Locale.ROOT, "server %s %s, %d tools (%s)%n", initialized.path("serverInfo").path("name").asText(),
                    initialized.path("serverInfo").path("version").asText(), tools, String.join(" ", command));
            out().printf(Locale.ROOT, "start-up: initialize answered %.0f ms after spawn, first reflect_on_past answer %.0f ms after spawn%n",
                    initializeMs, firstMs);
            out().println("first answer: " + first.lines().findFirst().orElse(""));

            for (String scope : List.of("all", project)) {
                List<Double> times = new ArrayList<>(calls);
                for (int i = 0; i < calls; i++) {
                    long started = System.nanoTime();
                    call(rpc, QUERIES.get(i % QUERIES.size()), scope);
                    times.add(millisSince(started));
                }
                times.sort(Double::compare);
                out().printf(Locale.ROOT, "reflect_on_past (project %s, limit 5), %d calls: p50 %.1f ms, p95 %.1f ms, "
                        + "max %.1f ms%n", scope, calls, percentile(times, 50), percentile(times, 95),
                        times.get(times.size() - 1));
            }
            out().println("server peak RSS " + peakRss(server.pid()) + "; server log " + serverLog);
        } finally {
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    private String call(StdioJsonRpc rpc, String query, String project) throws InterruptedException {
        ObjectNode params = json.createObjectNode().put("name", "reflect_on_past");
        params.putObject("arguments").put("query", query).put("project", project).put("limit", 5);
        JsonNode result = rpc.request("tools/call", params, CALL_TIMEOUT);
        String text = result.path("content").path(0).path("text").asText();
        if (result.path("isError").asBoolean(false)) {
            throw new IllegalStateException("reflect_on_past answered an error: " + text);
        }
        return text;
    }

    private void importIfNeeded(Settings settings, Path logs, Path jar) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        int collections = 0;
        try (QdrantStore qdrant = new QdrantStore(settings.qdrantEndpoint(), Duration.ofSeconds(10),
                settings.collectionTopology());
             Stream<Path> dirs = Files.list(logs)) {
            List<String> existing = qdrant.collections();
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String collection = settings.collectionNames().conversations(
                        ProjectNames.normalise(dir.getFileName().toString()), settings.provider());
                collections++;
                if (!existing.contains(collection) || qdrant.count(collection) == 0) {
                    missing.add(dir.getFileName().toString());
                }
            }
        }
        if (missing.isEmpty()) {
            out().printf("%s: all %d projects already in Qdrant at %s%n", logs, collections, settings.qdrantUrl());
            return;
        }
        out().printf("%s: importing (%d of %d projects not in Qdrant at %s)%n", logs, missing.size(), collections,
                settings.qdrantUrl());
        Path scratch = Files.createTempDirectory("reflect-mcp-bench");
        ProcessBuilder importer = new ProcessBuilder(java(), "-Xmx128m", "-jar", jar.toString(), "import", "--logs",
                logs.toString()).redirectErrorStream(true).redirectOutput(scratch.resolve("import.log").toFile());
        importer.environment().put("STATE_FILE", scratch.resolve("state.json").toString());
        importer.environment().put("DEAD_LETTER_FILE", scratch.resolve("dead-letters.jsonl").toString());
        Process process = importer.start();
        process.getOutputStream().close();
        int exit = process.waitFor();
        String output = Files.readString(scratch.resolve("import.log"));
        String summary = output.lines().filter(l -> l.startsWith("Imported ")).findFirst().orElse(output);
        if (exit != 0) {
            throw new IllegalStateException("The import failed (exit " + exit + "):\n" + output);
        }
        out().println(summary);
    }

    /** The normalised project of the folder with the most logs: the one-project case of the benchmark. */
    private static String largestProject(Path logs) throws IOException {
        String largest = "all";
        long most = 0;
        try (Stream<Path> dirs = Files.list(logs)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(dir)) {
                    long count = files.filter(f -> f.toString().endsWith(".jsonl")).count();
                    if (count > most) {
                        most = count;
                        largest = ProjectNames.normalise(dir.getFileName().toString());
                    }
                }
            }
        }
        return largest;
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    private static String peakRss(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith("VmHWM")).findFirst()
                    .map(l -> l.replaceAll("\\s+", " ").substring("VmHWM: ".length())).orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path jar() {
        try {
            Path location = Path.of(McpBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!location.toString().endsWith(".jar")) {
                throw new IllegalStateException("bench-mcp runs from the jar (./reflect bench-mcp), not from " + location);
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the jar", e);
        }
    }
}
