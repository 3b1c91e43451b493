package dev.reflect.importer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.app.Embedders;
import dev.reflect.importer.app.ImportRun;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.chunking.ChunkAssembler;
import dev.reflect.importer.chunking.ResumePoint;
import dev.reflect.importer.chunking.SourceFile;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.onnx.BareModelBench;
import dev.reflect.importer.cli.Invocation;
import dev.reflect.importer.cli.ReflectCommand;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.LineReader;
import dev.reflect.importer.transcript.MalformedLineException;
import dev.reflect.importer.transcript.Message;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.IOException;
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
import picocli.CommandLine.Command;

/**
 * {@code reflect bench}: the chunk texts of a logs folder through the bare model (one session, one
 * intra-op thread, {@code workers} callers, one chunk per call) and the same folder through the whole
 * pipeline (files → Camel routes → Qdrant, with a fresh state each round), in alternating rounds. Both
 * leave out their first {@value RunStats#WARM_UP_CHUNKS} chunks. Prints chunks per minute per round,
 * the medians and their ratio. Figures, not assertions.
 */
@Command(name = "bench",
        description = "Chunks/min of the bare model and of the whole pipeline, in alternating rounds.")
public final class Bench extends ReflectCommand {

    private static final int ROUNDS = 3;

    public Bench(Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        Settings settings = settings();
        Map<String, String> overrides = overrides();
        long parsing = System.nanoTime();
        List<String> texts = chunkTexts(settings.logsDir(), settings.chunkSize());
        out().printf(Locale.ROOT, "%d chunk texts from %s, %d workers; reading and chunking them takes %.2f s%n",
                texts.size(), settings.logsDir(), settings.workers(), (System.nanoTime() - parsing) / 1e9);
        if (texts.size() <= 2 * RunStats.WARM_UP_CHUNKS) {
            out().println("Too few chunks to measure; point --logs at a larger folder.");
            return 2;
        }
        List<Double> bare = new ArrayList<>();
        List<Double> pipeline = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try (Embedder embedder = Embedders.create(settings)) {
            for (int round = 1; round <= ROUNDS; round++) {
                BareModelBench.chunksPerMinute(embedder, texts.subList(0, RunStats.WARM_UP_CHUNKS), settings.workers(),
                        settings.embeddingWindows());
                bare.add(BareModelBench.chunksPerMinute(embedder, texts.subList(RunStats.WARM_UP_CHUNKS, texts.size()),
                        settings.workers(), settings.embeddingWindows()));
                pipeline.add(pipelineRound(overrides));
                ratios.add(pipeline.get(round - 1) / bare.get(round - 1));
                out().printf(Locale.ROOT, "round %d: bare model %.0f chunks/min, pipeline %.0f chunks/min, ratio %.0f %%%n",
                        round, bare.get(round - 1), pipeline.get(round - 1), 100 * ratios.get(round - 1));
            }
        }
        double bareMedian = median(bare);
        double pipelineMedian = median(pipeline);
        out().printf(Locale.ROOT, "bare model: %.0f chunks/min (median of %d)%n", bareMedian, ROUNDS);
        out().printf(Locale.ROOT, "pipeline:   %.0f chunks/min (median of %d)%n", pipelineMedian, ROUNDS);
        out().printf(Locale.ROOT, "ratio:      %.0f %% of the bare model (medians); median of the rounds' ratios %.0f %%%n",
                100 * pipelineMedian / bareMedian, 100 * median(ratios));
        out().println(peakRss());
        return 0;
    }

    private double pipelineRound(Map<String, String> overrides) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("reflect-bench");
        Map<String, String> pipeline = new HashMap<>(overrides);
        pipeline.put("importer.mode", "import");
        Main main = startImporter(pipeline, scratch);
        try {
            ImportRun run = main.getCamelContext().getRegistry().lookupByNameAndType("importRun", ImportRun.class);
            run.awaitFirstPass(1, TimeUnit.HOURS);
            if (run.stats().fatal() != null) {
                throw new IllegalStateException("The import failed: " + run.stats().fatal().getMessage());
            }
            return run.stats().steadyChunksPerMinute();
        } finally {
            main.stop();
        }
    }

    /** Starts the importer in-process with its state and dead letters in {@code scratch}, for a benchmark. */
    static Main startImporter(Map<String, String> overrides, Path scratch) {
        Main main = new Main();
        Map<String, String> settings = new HashMap<>(overrides);
        settings.put("importer.state-file", scratch.resolve("state.json").toString());
        settings.put("importer.dead-letter-file", scratch.resolve("dead-letters.jsonl").toString());
        settings.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("The importer did not start: " + e.getMessage(), e);
        }
        return main;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    /** The chunk texts the importer makes of every log under {@code root}. */
    public static List<String> chunkTexts(Path root, int chunkSize) {
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
