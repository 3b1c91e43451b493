package dev.reflect.importer.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.ChunkAssembler;
import dev.reflect.importer.chunking.ResumePoint;
import dev.reflect.importer.chunking.SourceFile;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.onnx.BareModelBench;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.LineReader;
import dev.reflect.importer.transcript.MalformedLineException;
import dev.reflect.importer.transcript.Message;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.main.Main;

/**
 * {@code reflect bench}: embeds the chunk texts of a logs folder through the bare model (one session,
 * one intra-op thread, {@code workers} callers, one chunk per call) and then imports the same folder
 * through the whole pipeline (files → Camel routes → Qdrant, fresh state), and prints chunks per
 * minute for each and their ratio. Figures, not assertions.
 */
final class Bench {

    private final PrintStream out;

    Bench(PrintStream out) {
        this.out = out;
    }

    int run(Settings settings, Map<String, String> overrides) throws InterruptedException, IOException {
        List<String> texts = chunkTexts(settings.logsDir(), settings.chunkSize());
        out.printf(Locale.ROOT, "%d chunk texts from %s, %d workers%n", texts.size(), settings.logsDir(), settings.workers());

        double bare;
        try (Embedder embedder = Embedders.create(settings)) {
            BareModelBench.chunksPerMinute(embedder, texts.subList(0, Math.min(20, texts.size())), settings.workers());
            bare = BareModelBench.chunksPerMinute(embedder, texts, settings.workers());
        }
        out.printf(Locale.ROOT, "bare model: %.0f chunks/min%n", bare);

        Path scratch = Files.createTempDirectory("reflect-bench");
        Main main = new Main();
        Map<String, String> pipeline = new HashMap<>(overrides);
        pipeline.put("importer.state-file", scratch.resolve("state.json").toString());
        pipeline.put("importer.dead-letter-file", scratch.resolve("dead-letters.jsonl").toString());
        pipeline.put("importer.mode", "import");
        pipeline.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("The importer did not start: " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        RunStats stats;
        try {
            ImportRun run = main.getCamelContext().getRegistry().lookupByNameAndType("importRun", ImportRun.class);
            run.awaitFirstPass(1, TimeUnit.HOURS);
            stats = run.stats();
        } finally {
            main.stop();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = stats.chunks() * 60 / seconds;
        out.printf(Locale.ROOT, "pipeline:   %.0f chunks/min (%d chunks in %.1f s)%n", rate, stats.chunks(), seconds);
        out.printf(Locale.ROOT, "ratio:      %.0f %% of the bare model%n", 100 * rate / bare);
        out.println(peakRss());
        return stats.fatal() == null ? 0 : 1;
    }

    /** The chunk texts the importer makes of every log under {@code root}. */
    static List<String> chunkTexts(Path root, int chunkSize) {
        TranscriptParser parser = new TranscriptParser(new ObjectMapper());
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                ChunkAssembler assembler = new ChunkAssembler(new SourceFile(file, root, Instant.EPOCH), chunkSize,
                        new ResumePoint(0, 1, 0, 0));
                try (LineReader lines = LineReader.open(file, 0, 1, parser::isCompleteJson)) {
                    while (lines.hasNext()) {
                        Line line = lines.next();
                        try {
                            for (Message message : parser.parse(line).messages()) {
                                assembler.add(message).ifPresent(chunk -> texts.add(chunk.text()));
                            }
                        } catch (MalformedLineException e) {
                            // skipped by the importer too
                        }
                    }
                }
                assembler.openChunk().ifPresent(chunk -> texts.add(chunk.text()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + root, e);
        }
        return texts;
    }

    private static String peakRss() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return "peak RSS of this process: " + lines.filter(l -> l.startsWith("VmHWM")).findFirst()
                    .map(l -> l.replaceAll("\\s+", " ").substring("VmHWM: ".length())).orElse("unknown");
        } catch (IOException e) {
            return "peak RSS unknown: " + e.getMessage();
        }
    }
}
