package dev.reflect.importer.embedding.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime 1.29 overflows a default Java stack while it creates its environment when the process
 * command line is long (here a plain {@code -cp} with every jar, as a launcher script would write it).
 */
class LongCommandLineTest {

    @TempDir
    Path cache;

    @Test
    void should_load_the_model_in_a_jvm_started_with_a_long_command_line() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xss1m", "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), cache.toString(), "x".repeat(10_000))
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes());

        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("dimension 384");
    }

    /** Runs in the child JVM. */
    public static final class Child {
        public static void main(String[] args) {
            ModelFiles files = ModelFiles.extract(Path.of(args[0]));
            try (OnnxEmbedder embedder = new OnnxEmbedder(files.model(), files.tokenizer(), 256)) {
                System.out.println("dimension " + embedder.embed("hello world").length);
            }
        }
    }
}
