package dev.reflect.importer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportStateTest {

    private static final String LOG = "/logs/p/c.jsonl";

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    private Path stateFile() {
        return dir.resolve("imported-files.json");
    }

    private static FileProgress progress(double mtime, long size) {
        return new FileProgress(mtime, size, 4096, 42, 1, 3, 4, 37, "local", "conv_7f6df0fc_local");
    }

    private JsonNode written() throws IOException {
        return mapper.readTree(stateFile().toFile());
    }

    @Test
    void should_start_empty_and_write_nothing_when_there_is_no_state_file() {
        ImportState state = ImportState.load(stateFile(), mapper);

        assertThat(state.isUpToDate(LOG, 1.0, 1, "local")).isFalse();
        assertThat(state.progressOf(LOG, "local")).isEmpty();
        assertThat(state.chunksPerFile()).isEmpty();
        assertThat(stateFile()).doesNotExist();
    }

    @Test
    void should_write_imported_files_and_stream_position_as_claude_self_reflect_does() throws IOException {
        ImportState state = ImportState.load(stateFile(), mapper);

        state.record(LOG, progress(1700000000.25, 900));

        JsonNode root = written();
        JsonNode entry = root.path("imported_files").path(LOG);
        assertThat(entry.path("last_modified").asDouble()).isEqualTo(1700000000.25);
        assertThat(entry.path("last_imported").isNumber()).isTrue();
        assertThat(entry.path("last_imported").asDouble()).isPositive();
        assertThat(entry.path("chunks").asInt()).isEqualTo(4);
        JsonNode stream = root.path("stream_position");
        assertThat(stream.path("imported_files").isArray()).isTrue();
        assertThat(stream.path("imported_files")).extracting(JsonNode::asText).containsExactly(LOG);
        JsonNode meta = stream.path("file_metadata").path(LOG);
        assertThat(meta.path("position").asLong()).isEqualTo(41);
        assertThat(meta.path("last_modified").asDouble()).isEqualTo(1700000000.25);
    }

    @Test
    void should_give_back_the_recorded_progress_after_a_reload() {
        FileProgress recorded = progress(1700000000.25, 900);
        ImportState.load(stateFile(), mapper).record(LOG, recorded);

        ImportState reloaded = ImportState.load(stateFile(), mapper);

        assertThat(reloaded.progressOf(LOG, "local")).contains(recorded);
        assertThat(reloaded.progressOf(LOG, "voyage")).isEmpty();
        assertThat(reloaded.chunksPerFile()).containsExactly(Map.entry(LOG, 4));
    }

    @Test
    void should_give_back_every_files_progress_after_a_reload_of_many_files() {
        ImportState state = ImportState.load(stateFile(), mapper);
        for (int i = 0; i < 40; i++) {
            state.record("/logs/p/" + i + ".jsonl", progress(1700000000 + i, 900 + i));
        }

        ImportState reloaded = ImportState.load(stateFile(), mapper);

        for (int i = 0; i < 40; i++) {
            assertThat(reloaded.progressOf("/logs/p/" + i + ".jsonl", "local")).contains(progress(1700000000 + i, 900 + i));
        }
        assertThat(reloaded.chunksPerFile()).hasSize(40);
        assertThat(reloaded.chunksPerFile().keySet()).first().isEqualTo("/logs/p/0.jsonl");
    }

    @Test
    void should_list_a_file_once_when_recorded_twice() throws IOException {
        ImportState state = ImportState.load(stateFile(), mapper);

        state.record(LOG, progress(1.0, 10));
        state.record(LOG, progress(2.0, 20));

        assertThat(written().path("stream_position").path("imported_files")).hasSize(1);
        assertThat(state.isUpToDate(LOG, 2.0, 20, "local")).isTrue();
        assertThat(state.isUpToDate(LOG, 1.0, 10, "local")).isFalse();
    }

    @Test
    void should_be_up_to_date_only_with_the_same_mtime_size_and_provider() {
        ImportState state = ImportState.load(stateFile(), mapper);
        state.record(LOG, progress(1700000000.5, 900));

        assertThat(state.isUpToDate(LOG, 1700000000.5, 900, "local")).isTrue();
        assertThat(state.isUpToDate(LOG, 1700000001.5, 900, "local")).isFalse();
        assertThat(state.isUpToDate(LOG, 1700000000.5, 901, "local")).isFalse();
        assertThat(state.isUpToDate(LOG, 1700000000.5, 900, "voyage")).isFalse();
        assertThat(state.isUpToDate("/logs/p/other.jsonl", 1700000000.5, 900, "local")).isFalse();
    }

    @Test
    void should_take_a_file_of_the_legacy_format_with_the_same_mtime_as_up_to_date() throws IOException {
        Files.writeString(stateFile(), """
                {"imported_files": {"%s": {"imported_at": "2025-01-01T00:00:00", "last_modified": 1700000000.123456, "chunks": 7}}}
                """.formatted(LOG));

        ImportState state = ImportState.load(stateFile(), mapper);

        assertThat(state.isUpToDate(LOG, 1700000000.123456, 12345, "local")).isTrue();
        assertThat(state.isUpToDate(LOG, 1700000099.0, 12345, "local")).isFalse();
        assertThat(state.chunksPerFile()).containsEntry(LOG, 7);
        assertThat(state.progressOf(LOG, "local")).isEmpty();
    }

    @Test
    void should_read_the_stream_position_format_of_claude_self_reflect() throws IOException {
        Files.writeString(stateFile(), """
                {"imported_files": {},
                 "stream_position": {"imported_files": ["%1$s"],
                                     "file_metadata": {"%1$s": {"position": 120, "last_modified": 1700000000.5}}}}
                """.formatted(LOG));

        ImportState state = ImportState.load(stateFile(), mapper);

        assertThat(state.isUpToDate(LOG, 1700000000.5, 1, "local")).isTrue();
        assertThat(state.isUpToDate(LOG, 1700000002.5, 1, "local")).isFalse();
    }

    @Test
    void should_write_atomically_and_leave_no_temp_file() throws IOException {
        ImportState state = ImportState.load(stateFile(), mapper);

        state.record(LOG, progress(1.0, 10));
        state.record("/logs/p/d.jsonl", progress(2.0, 20));

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(stateFile());
        }
        assertThat(written().path("imported_files").size()).isEqualTo(2);
    }

    @Test
    void should_create_the_folder_of_the_state_file() {
        Path nested = dir.resolve("a/b/state.json");

        ImportState.load(nested, mapper).record(LOG, progress(1.0, 10));

        assertThat(nested).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "{not json", "[]", "[{\"imported_files\":{}}]", "42", "\"text\"",
            "{\"imported_files\": []}", "{\"stream_position\": \"x\"}",
            // two writers' JSON run together: one whole document and the other's tail, or two documents
            "{\"imported_files\": {}}\n  }\n}\n", "{\"imported_files\": {}}{\"imported_files\": {}}", "{} x",
            // sections and fields of the wrong type, which would fail every file after it was embedded
            "{\"stream_position\": {\"imported_files\": {}}}", "{\"stream_position\": {\"imported_files\": [1]}}",
            "{\"stream_position\": {\"file_metadata\": []}}",
            "{\"stream_position\": {\"file_metadata\": {\"/l/c.jsonl\": 3}}}",
            "{\"stream_position\": {\"file_metadata\": {\"/l/c.jsonl\": {\"offset\": \"12\"}}}}",
            "{\"stream_position\": {\"file_metadata\": {\"/l/c.jsonl\": {\"head\": 5}}}}",
            "{\"imported_files\": {\"/l/c.jsonl\": \"done\"}}",
            "{\"imported_files\": {\"/l/c.jsonl\": {\"chunks\": \"7\"}}}"})
    void should_refuse_a_corrupt_state_file_naming_it_and_leave_it_unchanged(String content) throws IOException {
        Files.writeString(stateFile(), content);

        assertThatThrownBy(() -> ImportState.load(stateFile(), mapper))
                .isInstanceOf(StateFileException.class)
                .hasMessageContaining(stateFile().toString())
                .hasMessageContaining("mv " + stateFile() + " " + stateFile() + ".broken");

        assertThat(Files.readString(stateFile())).isEqualTo(content);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(stateFile());
        }
    }

    @Test
    void should_refuse_a_state_file_that_is_not_utf8_json() throws IOException {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFE, 0, 1};
        Files.write(stateFile(), bytes);

        assertThatThrownBy(() -> ImportState.load(stateFile(), mapper)).isInstanceOf(StateFileException.class)
                .hasMessageContaining(stateFile().toString());
        assertThat(Files.readAllBytes(stateFile())).isEqualTo(bytes);
    }

    @Test
    void should_keep_fields_it_does_not_know_after_a_record() throws IOException {
        Files.writeString(stateFile(), """
                {"version": 3,
                 "imported_files": {"/logs/p/old.jsonl": {"imported_at": "2025-01-01", "last_modified": 5.0, "chunks": 2, "custom": "x"}},
                 "stream_position": {"last_run": "2025-01-02", "imported_files": ["/logs/p/old.jsonl"],
                                     "file_metadata": {"/logs/p/old.jsonl": {"position": 9, "last_modified": 5.0, "hash": "abc"}}},
                 "extra": {"nested": [1, 2]}}
                """);

        ImportState.load(stateFile(), mapper).record(LOG, progress(1.0, 10));

        JsonNode root = written();
        assertThat(root.path("version").asInt()).isEqualTo(3);
        assertThat(root.path("extra").path("nested")).hasSize(2);
        assertThat(root.path("stream_position").path("last_run").asText()).isEqualTo("2025-01-02");
        JsonNode old = root.path("imported_files").path("/logs/p/old.jsonl");
        assertThat(old.path("imported_at").asText()).isEqualTo("2025-01-01");
        assertThat(old.path("custom").asText()).isEqualTo("x");
        assertThat(root.path("stream_position").path("file_metadata").path("/logs/p/old.jsonl").path("hash").asText()).isEqualTo("abc");
        assertThat(root.path("stream_position").path("imported_files")).extracting(JsonNode::asText)
                .containsExactly("/logs/p/old.jsonl", LOG);
    }

    @Test
    void should_keep_unknown_fields_of_the_entry_it_records_again() throws IOException {
        Files.writeString(stateFile(), """
                {"imported_files": {"%1$s": {"imported_at": "2025-01-01", "last_modified": 5.0, "chunks": 2, "custom": "x"}},
                 "stream_position": {"imported_files": ["%1$s"],
                                     "file_metadata": {"%1$s": {"position": 9, "last_modified": 5.0, "hash": "abc"}}}}
                """.formatted(LOG));

        ImportState.load(stateFile(), mapper).record(LOG, progress(6.0, 10));

        JsonNode root = written();
        assertThat(root.path("imported_files").path(LOG).path("custom").asText()).isEqualTo("x");
        assertThat(root.path("imported_files").path(LOG).path("imported_at").asText()).isEqualTo("2025-01-01");
        assertThat(root.path("stream_position").path("file_metadata").path(LOG).path("hash").asText()).isEqualTo("abc");
        assertThat(root.path("imported_files").path(LOG).path("last_modified").asDouble()).isEqualTo(6.0);
    }

    @Test
    void should_keep_non_ascii_paths_through_a_write_and_a_reload() throws IOException {
        String path = "/logs/プロジェクト/c.jsonl";

        ImportState.load(stateFile(), mapper).record(path, progress(1.0, 10));

        assertThat(written().path("imported_files").has(path)).isTrue();
        assertThat(ImportState.load(stateFile(), mapper).isUpToDate(path, 1.0, 10, "local")).isTrue();
    }

    @Test
    void should_leave_the_state_file_and_the_memory_as_they_were_when_a_write_fails() throws IOException {
        ImportState state = ImportState.load(stateFile(), mapper);
        state.record(LOG, progress(1.0, 10));
        String before = Files.readString(stateFile());
        // The temp file cannot be made (a folder with something in it is in its place): the write fails.
        Path blocked = Files.createDirectories(StateFileWriter.tempFileOf(stateFile()));
        Files.writeString(blocked.resolve("x"), "x");

        assertThatThrownBy(() -> state.record(LOG, progress(2.0, 20)))
                .isInstanceOf(StateFileException.class)
                .hasMessageContaining(stateFile().toString())
                .hasMessageContaining("left as it was");

        assertThat(Files.readString(stateFile())).isEqualTo(before);
        assertThat(state.isUpToDate(LOG, 2.0, 20, "local")).as("the failed change is taken back").isFalse();
        assertThat(state.isUpToDate(LOG, 1.0, 10, "local")).isTrue();
        assertThat(state.writeFailure()).isPresent();

        Files.delete(blocked.resolve("x"));
        Files.delete(blocked);
        state.record(LOG, progress(2.0, 20));

        assertThat(state.writeFailure()).isEmpty();
        assertThat(ImportState.load(stateFile(), mapper).isUpToDate(LOG, 2.0, 20, "local")).isTrue();
    }

    @Test
    void should_forget_a_new_file_whose_first_record_could_not_be_written() throws IOException {
        ImportState state = ImportState.load(stateFile(), mapper);
        state.record(LOG, progress(1.0, 10));
        Path blocked = Files.createDirectories(StateFileWriter.tempFileOf(stateFile()));
        Files.writeString(blocked.resolve("x"), "x");
        String other = "/logs/p/other.jsonl";

        assertThatThrownBy(() -> state.record(other, progress(3.0, 30))).isInstanceOf(StateFileException.class);

        assertThat(state.progressOf(other, "local")).as("the failed file is imported again from its start").isEmpty();
        assertThat(state.chunksPerFile()).containsOnlyKeys(LOG);
        Files.delete(blocked.resolve("x"));
        Files.delete(blocked);
        state.record(LOG, progress(2.0, 20));
        JsonNode stream = written().path("stream_position");
        assertThat(stream.path("imported_files")).extracting(JsonNode::asText).containsExactly(LOG);
        assertThat(stream.path("file_metadata").has(other)).isFalse();
        assertThat(written().path("imported_files").has(other)).isFalse();
    }

    @Test
    void should_write_through_its_own_temp_file_when_another_process_left_one() throws IOException {
        // What a second importer (or one killed mid-write) left where a shared temp name would be.
        Path other = Files.createDirectories(dir.resolve("imported-files.json.tmp"));
        Files.writeString(other.resolve("x"), "x");

        ImportState.load(stateFile(), mapper).record(LOG, progress(1.0, 10));

        assertThat(ImportState.load(stateFile(), mapper).isUpToDate(LOG, 1.0, 10, "local")).isTrue();
        assertThat(StateFileWriter.tempFileOf(stateFile())).doesNotExist();
    }

    @Test
    void should_give_back_the_tail_fingerprint_it_recorded() {
        FileProgress recorded = new FileProgress(1.0, 9000, 8000, 40, 0, 3, 4, 20, "local", "conv_x_local",
                "head-sha", 4096, "tail-sha", 4096);
        ImportState.load(stateFile(), mapper).record(LOG, recorded);

        assertThat(ImportState.load(stateFile(), mapper).progressOf(LOG, "local")).contains(recorded);
    }
}
