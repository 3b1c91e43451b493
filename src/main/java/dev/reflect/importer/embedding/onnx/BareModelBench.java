package dev.reflect.importer.embedding.onnx;

import dev.reflect.importer.embedding.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Speed of the bare model, without Camel: embeds chunk-sized texts one per call from 1 and 2 callers.
 *
 * <pre>
 * java -Xmx128m -XX:+UseSerialGC -cp ... dev.reflect.importer.embedding.onnx.BareModelBench \
 *     [corpus folder] [--texts=1000] [--arena] [--cache=target/model-cache]
 * </pre>
 * Texts come from the words of the corpus's JSONL files when a folder is given, else from synthetic
 * English; each is about 150 words (~200 tokens).
 */
public final class BareModelBench {

    private static final int WORDS_PER_TEXT = 150;

    private BareModelBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path corpus = null;
        int count = 1000;
        boolean arena = false;
        Path cache = Path.of("target", "model-cache");
        for (String arg : args) {
            if (arg.startsWith("--texts=")) {
                count = Integer.parseInt(arg.substring("--texts=".length()));
            } else if (arg.equals("--arena")) {
                arena = true;
            } else if (arg.startsWith("--cache=")) {
                cache = Path.of(arg.substring("--cache=".length()));
            } else {
                corpus = Path.of(arg);
            }
        }
        List<String> texts = corpus == null ? syntheticTexts(count) : corpusTexts(corpus, count);
        ModelFiles files = ModelFiles.extract(cache);
        try (OnnxEmbedder embedder = new OnnxEmbedder(files.model(), files.tokenizer(), 256, OnnxEmbedder.DEFAULT_OVERLAP, arena)) {
            double tokens = texts.stream().mapToInt(embedder::tokenCount).average().orElse(0);
            System.out.printf("%d texts from %s, %.0f tokens on average, CPU arena %s%n",
                    texts.size(), corpus == null ? "synthetic English" : corpus, tokens, arena ? "on" : "off");
            chunksPerMinute(embedder, texts.subList(0, Math.min(20, texts.size())), 1);
            for (int callers = 1; callers <= 2; callers++) {
                System.out.printf("%d caller(s): %.0f chunks/min%n", callers, chunksPerMinute(embedder, texts, callers));
            }
        }
        System.out.println(peakRss());
    }

    /** Embeds every text once, one per call, from {@code callers} threads sharing one queue. */
    public static double chunksPerMinute(Embedder embedder, List<String> texts, int callers)
            throws InterruptedException {
        return chunksPerMinute(embedder, texts, callers, 1);
    }

    /**
     * Embeds every text's windows (at most {@code maxWindows}, as the importer does), one text per call, from
     * {@code callers} threads sharing one queue.
     */
    public static double chunksPerMinute(Embedder embedder, List<String> texts, int callers, int maxWindows)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                embedder.embedWindows(texts.get(i), maxWindows);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                running.add(pool.submit(worker));
            }
            for (Future<?> future : running) {
                future.get();
            }
            return texts.size() * 60e9 / (System.nanoTime() - start);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Embedding failed during the benchmark", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> syntheticTexts(int count) {
        String[] words = ("the importer reads each session log line by line and splits long conversations into "
                + "chunks of text that keep the question with its answer while a worker computes vectors for "
                + "every chunk and stores them with the project name timestamp and role so that later searches "
                + "find earlier decisions about configuration errors tests deployment memory limits and retries")
                .split(" ");
        Random random = new Random(42);
        List<String> texts = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < WORDS_PER_TEXT; w++) {
                text.append(words[random.nextInt(words.length)]).append(w % 12 == 11 ? ". " : " ");
            }
            texts.add(text.toString().trim());
        }
        return texts;
    }

    /** Cuts the readable words of the corpus's JSONL files into texts, cycling when the corpus runs out. */
    private static List<String> corpusTexts(Path corpus, int count) {
        List<String> words = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String word : Files.readString(file, StandardCharsets.UTF_8).split("[^\\p{L}\\p{N}.,'-]+")) {
                    if (!word.isEmpty() && word.length() <= 20) {
                        words.add(word);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read corpus " + corpus, e);
        }
        if (words.size() < WORDS_PER_TEXT) {
            throw new IllegalArgumentException("Corpus " + corpus + " has too few words");
        }
        List<String> texts = new ArrayList<>(count);
        for (int t = 0, from = 0; t < count; t++, from += WORDS_PER_TEXT) {
            if (from + WORDS_PER_TEXT > words.size()) {
                from = 0;
            }
            texts.add(String.join(" ", words.subList(from, from + WORDS_PER_TEXT)));
        }
        return texts;
    }

    private static String peakRss() {
        Path status = Path.of("/proc/self/status");
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmHWM")).findFirst().orElse("VmHWM unknown");
        } catch (IOException e) {
            return "VmHWM unknown: " + e.getMessage();
        }
    }
}
