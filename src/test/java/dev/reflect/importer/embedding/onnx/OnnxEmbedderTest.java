package dev.reflect.importer.embedding.onnx;

import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.EmbedderClosedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxEmbedderTest {

    @TempDir
    static Path cache;

    static ModelFiles files;
    static OnnxEmbedder embedder;

    @BeforeAll
    static void load() {
        files = ModelFiles.extract(cache);
        embedder = new OnnxEmbedder(files.model(), files.tokenizer(), 256);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void should_match_fastembed_for_hello_world() {
        float[] vector = embedder.embed("hello world");

        assertThat(vector).hasSize(384);
        assertThat(vector[0]).isCloseTo(-0.034478f, within(1e-5f));
        assertThat(vector[1]).isCloseTo(0.031020f, within(1e-5f));
        assertThat(vector[2]).isCloseTo(0.006730f, within(1e-5f));
        assertThat(vector[3]).isCloseTo(0.026110f, within(1e-5f));
        assertThat(vector[4]).isCloseTo(-0.039362f, within(1e-5f));
        assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(embedder.provider()).isEqualTo("local");
    }

    @Test
    void should_see_256_tokens_not_the_128_of_tokenizer_json() {
        String text = words(0, 200);
        assertThat(embedder.tokenCount(text)).isBetween(129, 255);

        try (OnnxEmbedder window128 = new OnnxEmbedder(files.model(), files.tokenizer(), 128)) {
            assertThat(window128.tokenCount(text)).isEqualTo(128);
            assertThat(embedder.embed(text)).isNotEqualTo(window128.embed(text));
        }
    }

    @Test
    void should_embed_every_overlapping_window_of_a_long_text() {
        String head = words(0, 254);
        String text = head + " " + words(254, 600);

        Embedder.Windows windows = embedder.embedWindows(text, 32);
        Embedder.Windows capped = embedder.embedWindows(text, 2);

        assertThat(windows.vectors().length).isGreaterThan(2).isEqualTo(windows.total());
        assertThat(windows.vectors()[0]).as("the first window is the query-side embedding").isEqualTo(embedder.embed(text));
        for (float[] vector : windows.vectors()) {
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
        }
        assertThat(capped.vectors()).hasNumberOfRows(2);
        assertThat(capped.total()).isEqualTo(windows.total());
        assertThat(capped.cut()).isTrue();
        assertThat(embedder.embedWindows("hello world", 32).vectors()).hasNumberOfRows(1);
    }

    @Test
    void should_truncate_a_long_text_to_its_first_256_tokens() {
        String head = words(0, 254);
        assertThat(embedder.tokenCount(head)).isEqualTo(256);
        String longText = head + " " + words(254, 2000);

        assertThat(embedder.tokenCount(longText)).isEqualTo(256);
        assertThat(embedder.embed(longText)).isEqualTo(embedder.embed(head));
    }

    @Test
    void should_give_the_same_vectors_from_two_threads_as_sequentially() throws Exception {
        List<String> texts = IntStream.range(0, 40).mapToObj(i -> words(i * 7, 20 + i * 5)).toList();
        List<float[]> sequential = texts.stream().map(embedder::embed).toList();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<float[]>> calls = new ArrayList<>();
            texts.forEach(text -> calls.add(() -> embedder.embed(text)));
            List<Future<float[]>> concurrent = pool.invokeAll(calls, 2, TimeUnit.MINUTES);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(concurrent.get(i).get()).as("text %d", i).isEqualTo(sequential.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_finish_the_calls_under_way_when_closed_and_refuse_later_ones() throws Exception {
        // A worker still embedding while Camel stops and closes the model: before, the JVM died (SIGSEGV).
        OnnxEmbedder closing = new OnnxEmbedder(files.model(), files.tokenizer(), 256);
        String text = words(0, 2000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(pool.submit(() -> {
                    int done = 0;
                    try {
                        while (true) {
                            closing.embedWindows(text, 8);
                            done++;
                        }
                    } catch (EmbedderClosedException stopped) {
                        assertThat(stopped).hasMessageContaining("closed");
                        return done;
                    }
                }));
            }
            Thread.sleep(300);
            closing.close();
            for (Future<Integer> worker : workers) {
                assertThat(worker.get(1, TimeUnit.MINUTES)).as("windows embedded before the close").isPositive();
            }
            closing.close();  // twice is harmless
        } finally {
            pool.shutdownNow();
        }
    }

    /** Lowercase words that are each one WordPiece token, so n words make n + 2 tokens. */
    private static String words(int from, int count) {
        String[] vocabulary = {"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "to", "big", "red",
                "house", "with", "green", "door", "in", "small", "town", "near", "river"};
        return IntStream.range(from, from + count)
                .mapToObj(i -> vocabulary[i % vocabulary.length])
                .collect(Collectors.joining(" "));
    }

    private static double norm(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += v * v;
        }
        return Math.sqrt(squares);
    }
}
