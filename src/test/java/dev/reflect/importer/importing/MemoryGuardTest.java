package dev.reflect.importer.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.importing.MemoryGuard.Action;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryGuardTest {

    private static final long MB = 1024 * 1024;

    private final AtomicLong rss = new AtomicLong();
    private final MemoryGuard guard = new MemoryGuard(1000, rss::get);

    @Test
    void should_pause_once_above_80_percent_and_resume_once_below_60_percent() {
        rss.set(700 * MB);
        assertThat(guard.check()).isEqualTo(Action.NONE);

        rss.set(801 * MB);
        assertThat(guard.check()).isEqualTo(Action.PAUSE);
        assertThat(guard.paused()).isTrue();
        assertThat(guard.check()).as("logged and acted on once").isEqualTo(Action.NONE);

        rss.set(650 * MB);
        assertThat(guard.check()).as("between 60 and 80 %% it stays paused").isEqualTo(Action.NONE);
        assertThat(guard.paused()).isTrue();

        rss.set(590 * MB);
        assertThat(guard.check()).isEqualTo(Action.RESUME);
        assertThat(guard.paused()).isFalse();
        assertThat(guard.check()).isEqualTo(Action.NONE);
    }

    @Test
    void should_never_pause_when_the_limit_is_zero() {
        MemoryGuard off = new MemoryGuard(0, () -> Long.MAX_VALUE);

        assertThat(off.check()).isEqualTo(Action.NONE);
        assertThat(off.paused()).isFalse();
    }

    @Test
    void should_read_this_process_resident_memory() {
        assertThat(MemoryGuard.processResidentBytes()).isGreaterThan(10 * MB);
    }
}
