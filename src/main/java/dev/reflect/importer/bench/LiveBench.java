package dev.reflect.importer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.app.ImportRun;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.cli.Invocation;
import dev.reflect.importer.cli.ReflectCommand;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.qdrant.QdrantStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reflect bench-live}: how long a message appended to a live session takes to become searchable
 * while the importer works through a backlog. It copies the logs folder {@code copies} times as old (warm)
 * sessions into a scratch folder, starts {@code watch} there, appends {@code messages} messages to a new
 * session file at a steady pace, and for each one measures the time from the write until Qdrant holds the
 * chunk with that message. Prints p50, p95 and max, and how much of the backlog was imported meanwhile.
 */
@Command(name = "bench-live", sortOptions = false,
        description = "Append-to-searchable latency of a live session over a backlog.")
public final class LiveBench extends ReflectCommand {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--copies", paramLabel = "N", description = "copies of the logs folder as the backlog (default: ${DEFAULT-VALUE})")
    private int copies = 2;

    @Option(names = "--messages", paramLabel = "N", description = "messages appended to the live session (default: ${DEFAULT-VALUE})")
    private int messages = 40;

    @Option(names = "--pace-ms", paramLabel = "MS", description = "one message every MS milliseconds (default: ${DEFAULT-VALUE})")
    private long paceMillis = 500;

    @Option(names = "--backlog-age-min", paramLabel = "M",
            description = "the backlog's files last modified M minutes ago (default: ${DEFAULT-VALUE})")
    private long backlogAgeMinutes = 120;

    public LiveBench(Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Settings settings = settings();
        Map<String, String> overrides = overrides();
        Path scratch = Files.createTempDirectory("reflect-live-bench");
        Path backlog = scratch.resolve("projects");
        int backlogFiles = copyBacklog(settings.logsDir(), backlog, copies, backlogAgeMinutes);
        Path live = backlog.resolve("-home-me-code-live-bench").resolve(UUID.randomUUID() + ".jsonl");
        Files.createDirectories(live.getParent());
        Files.createFile(live);
        String conversation = live.getFileName().toString().replace(".jsonl", "");
        String collection = settings.collectionNames().conversations(ProjectNames.normalise("-home-me-code-live-bench"),
                settings.provider());
        out().printf(Locale.ROOT, "backlog: %d session files last modified %d min ago; live session %s; %d messages, one every %d ms%n",
                backlogFiles, backlogAgeMinutes, live.getFileName(), messages, paceMillis);

        Map<String, String> watch = new HashMap<>(overrides);
        watch.put("importer.logs-dir", backlog.toString());
        watch.put("importer.watch-interval", "2");
        watch.put("importer.mode", "watch");
        Main main = Bench.startImporter(watch, scratch);
        List<Long> latencies = new ArrayList<>();
        long backlogChunksBefore;
        long backlogChunksAfter;
        try (QdrantStore qdrant = settings.openQdrant()) {
            RunStats stats = main.getCamelContext().getRegistry().lookupByNameAndType("importRun", ImportRun.class).stats();
            waitUntil(() -> stats.chunksStoredSoFar() > 0, 60_000);
            backlogChunksBefore = stats.chunksStoredSoFar();
            for (int i = 0; i < messages; i++) {
                String marker = "marker-" + i + "-" + UUID.randomUUID();
                long written = append(live, i, marker);
                UUID point = PointIds.of(conversation, i / settings.chunkSize());
                while (!qdrant.payloadOf(collection, point)
                        .map(p -> String.valueOf(p.get("text")).contains(marker)).orElse(false)) {
                    if (System.nanoTime() - written > 60_000_000_000L) {
                        throw new IllegalStateException("Message " + i + " did not become searchable within 60 s");
                    }
                    Thread.sleep(10);
                }
                latencies.add((System.nanoTime() - written) / 1_000_000);
                long next = written + paceMillis * 1_000_000;
                long wait = (next - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            backlogChunksAfter = stats.chunksStoredSoFar();
        } finally {
            main.stop();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(Long::compare);
        out().printf(Locale.ROOT, "append-to-searchable latency over %d messages: p50 %d ms, p95 %d ms, max %d ms%n",
                sorted.size(), percentile(sorted, 50), percentile(sorted, 95), sorted.get(sorted.size() - 1));
        int slowest = latencies.indexOf(sorted.get(sorted.size() - 1));
        out().printf(Locale.ROOT, "slowest: message %d (%d ms); first message %d ms%n", slowest, latencies.get(slowest),
                latencies.get(0));
        out().printf(Locale.ROOT, "backlog chunks stored while measuring: %d%n", backlogChunksAfter - backlogChunksBefore);
        return 0;
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    /** Appends one message as Claude Code writes it (a whole line with its newline) and returns when it did. */
    private static long append(Path live, int i, String marker) throws IOException {
        ObjectNode record = MAPPER.createObjectNode();
        String role = i % 2 == 0 ? "user" : "assistant";
        record.put("type", role);
        record.put("sessionId", live.getFileName().toString().replace(".jsonl", ""));
        record.put("timestamp", Instant.now().toString());
        ObjectNode message = record.putObject("message");
        message.put("role", role);
        message.put("content", "Message " + i + " " + marker + ": the importer should make this searchable within "
                + "two seconds while it works through old sessions in the background.");
        byte[] line = (MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream stream = Files.newOutputStream(live, StandardOpenOption.APPEND)) {
            stream.write(line);
        }
        return System.nanoTime();
    }

    private static int copyBacklog(Path from, Path to, int copies, long ageMinutes) throws IOException {
        FileTime modified = FileTime.from(Instant.now().minusSeconds(ageMinutes * 60));
        int count = 0;
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                for (int copy = 0; copy < copies; copy++) {
                    Path relative = from.relativize(file);
                    Path target = to.resolve(relative.getName(0) + "-copy" + copy).resolve(relative.subpath(1, relative.getNameCount()));
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                    Files.setLastModifiedTime(target, modified);
                    count++;
                }
            }
        }
        return count;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("The importer did not start importing within " + timeoutMillis + " ms");
            }
            Thread.sleep(50);
        }
    }
}
