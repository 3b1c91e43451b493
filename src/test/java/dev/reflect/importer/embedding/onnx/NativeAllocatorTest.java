package dev.reflect.importer.embedding.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeAllocatorTest {

    @TempDir
    Path dir;

    @Test
    void should_see_jemalloc_when_its_library_is_mapped() throws IOException {
        Path maps = Files.writeString(dir.resolve("maps"), """
                7f01a000-7f01b000 r--p 00000000 08:01 1234   /usr/lib/x86_64-linux-gnu/libc.so.6
                7f02a000-7f02b000 r-xp 00010000 08:01 5678   /usr/lib/x86_64-linux-gnu/libjemalloc.so.2
                """);

        assertThat(NativeAllocator.jemallocIn(maps)).isTrue();
    }

    @Test
    void should_see_the_system_allocator_when_jemalloc_is_not_mapped_or_maps_cannot_be_read() throws IOException {
        Path maps = Files.writeString(dir.resolve("maps"), """
                7f01a000-7f01b000 r--p 00000000 08:01 1234   /usr/lib/x86_64-linux-gnu/libc.so.6
                """);

        assertThat(NativeAllocator.jemallocIn(maps)).isFalse();
        assertThat(NativeAllocator.jemallocIn(dir.resolve("absent"))).isFalse();
    }

    @Test
    void should_match_what_the_launcher_preloaded_in_this_jvm() {
        String preload = System.getenv().getOrDefault("LD_PRELOAD", "");

        assertThat(NativeAllocator.jemallocLoaded()).isEqualTo(preload.contains("libjemalloc"));
    }
}
