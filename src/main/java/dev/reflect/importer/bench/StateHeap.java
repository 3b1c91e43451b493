package dev.reflect.importer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.state.ImportState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The heap an import state file takes once loaded, the way the importer holds it and as Jackson's own tree, per file
 * recorded. Prints two lines; run it with a small fixed heap and the serial collector so that the used heap after a
 * full collection is the live data:
 *
 * <pre>java -Xms64m -Xmx64m -XX:+UseSerialGC -cp target/reflect-importer.jar dev.reflect.importer.bench.StateHeap STATE_FILE</pre>
 */
public final class StateHeap {

    private StateHeap() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        ObjectMapper mapper = new ObjectMapper();
        int files = ImportState.load(file, mapper).chunksPerFile().size();
        report("the importer's state (ImportState)", files, () -> ImportState.load(file, mapper));
        report("Jackson's own tree (readTree)", files, () -> {
            try {
                return mapper.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void report(String what, int files, Supplier<Object> load) {
        load.get();
        long before = liveHeap();
        Object held = load.get();
        long after = liveHeap();
        System.out.printf(Locale.ROOT, "%-36s %,d files: %.1f MB of heap, %,d bytes a file%n", what, files,
                (after - before) / 1e6, (after - before) / Math.max(1, files));
        java.lang.ref.Reference.reachabilityFence(held);
    }

    private static long liveHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
