package dev.reflect.importer.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.importing.TierFilter.Tier;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;

class TierFilterTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long NEW_SESSION_BYTES = 128 * 1024;
    private static final String IMPORTED = "/logs/p/imported.jsonl";
    private static final String NEW = "/logs/p/new.jsonl";

    @Test
    void should_give_each_file_to_exactly_one_poller_by_its_age() {
        assertOnlyTier(Tier.HOT, file(IMPORTED, Duration.ofSeconds(10), 1_000_000));
        assertOnlyTier(Tier.WARM, file(IMPORTED, Duration.ofMinutes(5), 1_000_000));
        assertOnlyTier(Tier.WARM, file(IMPORTED, Duration.ofHours(23), 1_000_000));
        assertOnlyTier(Tier.COLD, file(IMPORTED, Duration.ofHours(24), 1_000_000));
        assertOnlyTier(Tier.COLD, file(IMPORTED, Duration.ofDays(400), 1_000_000));
    }

    @Test
    void should_serve_a_session_just_begun_as_hot() {
        assertOnlyTier(Tier.HOT, file(NEW, Duration.ofSeconds(1), 0));
        assertOnlyTier(Tier.HOT, file(NEW, Duration.ofSeconds(1), NEW_SESSION_BYTES));
    }

    @Test
    void should_leave_a_big_file_never_imported_to_the_warm_poller_even_when_it_was_just_modified() {
        // A logs folder copied a minute ago: its files are minutes old but they are a backlog, not live sessions.
        assertOnlyTier(Tier.WARM, file(NEW, Duration.ofSeconds(30), NEW_SESSION_BYTES + 1));
    }

    @Test
    void should_let_every_poller_walk_into_folders() {
        GenericFile<File> folder = file("/logs/p", Duration.ofDays(400), 0);
        folder.setDirectory(true);

        for (Tier tier : Tier.values()) {
            assertThat(filter(tier).accept(folder)).as("%s", tier).isTrue();
        }
    }

    private static void assertOnlyTier(Tier expected, GenericFile<File> file) {
        for (Tier tier : Arrays.asList(Tier.HOT, Tier.WARM, Tier.COLD)) {
            assertThat(filter(tier).accept(file)).as("%s", tier).isEqualTo(tier == expected);
        }
        assertThat(filter(Tier.ALL).accept(file)).as("ALL").isTrue();
    }

    private static TierFilter<File> filter(Tier tier) {
        return new TierFilter<>(tier, Duration.ofMinutes(5), Duration.ofHours(24), Set.of(IMPORTED)::contains,
                NEW_SESSION_BYTES, entry -> true, CLOCK);
    }

    private static GenericFile<File> file(String path, Duration ago, long length) {
        GenericFile<File> file = new GenericFile<>();
        file.setAbsoluteFilePath(path);
        file.setLastModified(NOW.minus(ago).toEpochMilli());
        file.setFileLength(length);
        file.setDirectory(false);
        file.setFileNameOnly(Path.of(path).getFileName().toString());
        return file;
    }
}
