package dev.reflect.importer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateRepositoryTest {

    private static final Instant MTIME = Instant.parse("2025-05-05T05:05:05.123456Z");

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private Path stateFile;
    private Path log;
    private StateRepository repository;

    @BeforeEach
    void setUp() throws IOException {
        stateFile = dir.resolve("state.json");
        log = dir.resolve("logs/p/c.jsonl");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "{\"type\":\"user\",\"message\":{\"content\":\"hi\"}}\n");
        Files.setLastModifiedTime(log, FileTime.from(MTIME));
        repository = new StateRepository(ImportState.load(stateFile, mapper), "local");
    }

    private static FileProgress progressAsOnDisk(Path file, String provider) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileProgress(StateRepository.mtimeSeconds(attributes), attributes.size(), attributes.size(), 2, 0, 1, 1, 1,
                provider, "conv_x_local");
    }

    private static String key(Path file) {
        return file.toAbsolutePath().toString();
    }

    @Test
    void should_not_contain_a_file_it_never_recorded() {
        assertThat(repository.contains(key(log))).isFalse();
    }

    @Test
    void should_contain_a_file_once_its_progress_is_recorded() throws IOException {
        repository.record(key(log), progressAsOnDisk(log, "local"));

        assertThat(repository.contains(key(log))).isTrue();
        assertThat(repository.add(key(log))).as("an up-to-date file is not claimed").isFalse();
    }

    @Test
    void should_let_only_one_poller_claim_a_changed_file() {
        assertThat(repository.add(key(log))).isTrue();

        assertThat(repository.add(key(log))).isFalse();
        assertThat(repository.contains(key(log))).isTrue();
    }

    @Test
    void should_offer_a_file_again_when_its_import_is_released_without_progress() {
        repository.add(key(log));
        repository.opened(key(log));

        repository.release(key(log));

        assertThat(repository.contains(key(log))).isFalse();
        assertThat(stateFile).doesNotExist();
    }

    @Test
    void should_keep_an_opened_file_claimed_when_camel_gives_it_back() {
        repository.add(key(log));
        repository.opened(key(log));

        assertThat(repository.remove(key(log))).isFalse();

        assertThat(repository.contains(key(log))).isTrue();
    }

    @Test
    void should_free_a_claimed_file_camel_gives_back_before_it_was_opened() {
        repository.add(key(log));

        assertThat(repository.remove(key(log))).isTrue();

        assertThat(repository.contains(key(log))).isFalse();
    }

    @Test
    void should_offer_a_file_again_when_it_grew() throws IOException {
        repository.record(key(log), progressAsOnDisk(log, "local"));

        Files.writeString(log, "{\"type\":\"user\",\"message\":{\"content\":\"more\"}}\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(log, FileTime.from(MTIME));

        assertThat(repository.contains(key(log))).isFalse();
    }

    @Test
    void should_offer_a_file_again_when_its_mtime_changed() throws IOException {
        repository.record(key(log), progressAsOnDisk(log, "local"));

        Files.setLastModifiedTime(log, FileTime.from(MTIME.plusSeconds(1)));

        assertThat(repository.contains(key(log))).isFalse();
    }

    @Test
    void should_offer_a_file_again_when_it_was_stored_with_another_provider() throws IOException {
        repository.record(key(log), progressAsOnDisk(log, "voyage"));

        assertThat(repository.contains(key(log))).isFalse();
    }

    @Test
    void should_contain_a_recorded_file_after_a_restart() throws IOException {
        repository.record(key(log), progressAsOnDisk(log, "local"));

        StateRepository afterRestart = new StateRepository(ImportState.load(stateFile, mapper), "local");

        assertThat(afterRestart.contains(key(log))).isTrue();
    }

    @Test
    void should_persist_only_the_file_that_is_recorded() throws IOException {
        Path other = dir.resolve("logs/p/d.jsonl");
        Files.writeString(other, "{}\n");
        repository.add(key(other));

        repository.record(key(log), progressAsOnDisk(log, "local"));

        JsonNode root = mapper.readTree(stateFile.toFile());
        assertThat(root.path("imported_files").has(key(log))).isTrue();
        assertThat(root.path("imported_files").has(key(other))).isFalse();
    }

    @Test
    void should_give_the_mtime_in_seconds_with_microseconds() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(log, BasicFileAttributes.class);

        assertThat(StateRepository.mtimeSeconds(attributes)).isCloseTo(MTIME.getEpochSecond() + 0.123456, within(1e-6));
    }

    @Test
    void should_pass_over_an_entry_it_cannot_examine_without_aborting_the_listing() throws IOException {
        Path loop = Files.createSymbolicLink(dir.resolve("logs/p/loop.jsonl"), dir.resolve("logs/p/loop.jsonl"));

        assertThat(repository.contains(key(loop))).isTrue();
        assertThat(repository.add(key(loop))).isFalse();
    }
}
