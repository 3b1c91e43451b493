package dev.reflect.importer.embedding.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Which C allocator this process runs on: jemalloc when a {@code libjemalloc} is mapped into it (scripts/jvm-env.sh
 * preloads Debian's {@code libjemalloc2} when installed), else the system's. Read from {@code /proc/self/maps}; where
 * that file does not exist (macOS) the answer is the system's.
 */
public final class NativeAllocator {

    private static final Path MAPS = Path.of("/proc/self/maps");

    private NativeAllocator() {
    }

    public static boolean jemallocLoaded() {
        return jemallocIn(MAPS);
    }

    static boolean jemallocIn(Path maps) {
        if (!Files.isReadable(maps)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(line -> line.contains("/libjemalloc"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
