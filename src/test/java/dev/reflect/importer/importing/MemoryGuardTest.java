package dev.reflect.importer.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.importing.MemoryGuard.Action;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryGuardTest {

    private static final long MB = 1024 * 1024;

    private final AtomicLong rss = new AtomicLong();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger collections = new AtomicInteger();
    private final MemoryGuard guard = new MemoryGuard(1000, rss::get, now::get, collections::incrementAndGet);

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
    void should_not_stall_the_import_when_memory_at_rest_stays_above_the_resume_mark() {
        rss.set(801 * MB);
        assertThat(guard.check()).isEqualTo(Action.PAUSE);

        rss.set(700 * MB); // the work in flight is done, but the process does not shrink below 60 %
        now.addAndGet(MemoryGuard.STALL_MILLIS - 1);
        assertThat(guard.check()).isEqualTo(Action.NONE);
        assertThat(collections).hasValue(0);

        now.addAndGet(1);
        assertThat(guard.check()).as("a garbage collection is asked for first").isEqualTo(Action.NONE);
        assertThat(collections).hasValue(1);

        now.addAndGet(MemoryGuard.AFTER_GC_MILLIS);
        assertThat(guard.check()).isEqualTo(Action.RESUME);
        assertThat(guard.paused()).isFalse();

        rss.set(820 * MB);
        assertThat(guard.check()).as("over 80 %% but within 20 %% of the resting level").isEqualTo(Action.NONE);
        rss.set(841 * MB);
        assertThat(guard.check()).as("grown 20 %% above the resting level").isEqualTo(Action.PAUSE);
    }

    @Test
    void should_resume_without_waiting_when_the_collection_brings_memory_below_60_percent() {
        rss.set(801 * MB);
        guard.check();
        now.addAndGet(MemoryGuard.STALL_MILLIS);
        guard.check();

        rss.set(500 * MB);
        assertThat(guard.check()).isEqualTo(Action.RESUME);
        rss.set(801 * MB);
        assertThat(guard.check()).as("the usual 80 %% mark still holds").isEqualTo(Action.PAUSE);
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
