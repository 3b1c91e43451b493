package dev.reflect.importer.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;

class AgeFilterTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration HOT = Duration.ofMinutes(5);
    private static final Duration WARM = Duration.ofHours(24);

    private final AgeFilter<File> hot = new AgeFilter<>(Duration.ZERO, HOT, CLOCK);
    private final AgeFilter<File> warm = new AgeFilter<>(HOT, WARM, CLOCK);
    private final AgeFilter<File> cold = new AgeFilter<>(WARM, null, CLOCK);

    @Test
    void should_give_each_file_to_exactly_one_poller_by_its_age() {
        assertOnlyAccepts(hot, fileModified(Duration.ofSeconds(10)));
        assertOnlyAccepts(warm, fileModified(Duration.ofMinutes(5)));
        assertOnlyAccepts(warm, fileModified(Duration.ofHours(23)));
        assertOnlyAccepts(cold, fileModified(Duration.ofHours(24)));
        assertOnlyAccepts(cold, fileModified(Duration.ofDays(400)));
    }

    @Test
    void should_let_every_poller_walk_into_folders() {
        GenericFile<File> folder = fileModified(Duration.ofDays(400));
        folder.setDirectory(true);

        assertThat(hot.accept(folder)).isTrue();
        assertThat(warm.accept(folder)).isTrue();
        assertThat(cold.accept(folder)).isTrue();
    }

    private void assertOnlyAccepts(AgeFilter<File> expected, GenericFile<File> file) {
        for (AgeFilter<File> filter : java.util.List.of(hot, warm, cold)) {
            assertThat(filter.accept(file)).as("%s", filter == hot ? "hot" : filter == warm ? "warm" : "cold")
                    .isEqualTo(filter == expected);
        }
    }

    private static GenericFile<File> fileModified(Duration ago) {
        GenericFile<File> file = new GenericFile<>();
        file.setLastModified(NOW.minus(ago).toEpochMilli());
        file.setDirectory(false);
        return file;
    }
}
