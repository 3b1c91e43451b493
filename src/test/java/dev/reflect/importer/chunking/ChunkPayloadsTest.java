package dev.reflect.importer.chunking;

import static dev.reflect.importer.chunking.Messages.at;
import static dev.reflect.importer.chunking.Messages.message;
import static dev.reflect.importer.chunking.Messages.withTools;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.transcript.Message;
import dev.reflect.importer.transcript.ToolUse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkPayloadsTest {

    private static final Path ROOT = Path.of("/home/u/.claude/projects");
    private static final Instant MTIME = Instant.parse("2025-03-04T05:06:07Z");
    private final SourceFile source = new SourceFile(
            ROOT.resolve("-Users-kyle-Code-claude-self-reflect/0a1b2c3d-0000.jsonl"), ROOT, MTIME);

    @Test
    void should_hold_every_field_the_search_side_reads() {
        Chunk chunk = new Chunk(source, 2, List.of(
                new Message("user", "Fix the docker tests", "2025-06-01T10:00:00Z", "sess-1", false, List.of(), 11, 1100, 0),
                withTools("assistant", "On it", 14, new ToolUse("Read", "/a.txt"), new ToolUse("Edit", "/b.txt"))));

        Map<String, Object> payload = ChunkPayloads.of(chunk);

        assertThat(payload).containsOnlyKeys("text", "conversation_id", "chunk_index", "timestamp", "project", "project_dir",
                "start_role", "message_count", "tools_used", "files_analyzed", "files_edited", "concepts", "source_file",
                "line_start", "line_end", "is_sidechain", "session_id");
        assertThat(payload.get("text")).isEqualTo("USER: Fix the docker tests\n\nASSISTANT: On it");
        assertThat(payload.get("conversation_id")).isEqualTo("0a1b2c3d-0000");
        assertThat(payload.get("chunk_index")).isEqualTo(2).isInstanceOf(Integer.class);
        assertThat(payload.get("timestamp")).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(payload.get("project")).isEqualTo("claude-self-reflect");
        assertThat(payload.get("project_dir")).isEqualTo("-Users-kyle-Code-claude-self-reflect");
        assertThat(payload.get("start_role")).isEqualTo("user");
        assertThat(payload.get("message_count")).isEqualTo(2);
        assertThat(payload.get("tools_used")).isEqualTo(List.of("Read", "Edit"));
        assertThat(payload.get("files_analyzed")).isEqualTo(List.of("/a.txt"));
        assertThat(payload.get("files_edited")).isEqualTo(List.of("/b.txt"));
        assertThat(payload.get("concepts")).asList().contains("docker", "testing");
        assertThat(payload.get("source_file")).isEqualTo(Path.of("-Users-kyle-Code-claude-self-reflect", "0a1b2c3d-0000.jsonl").toString());
        assertThat(((Number) payload.get("line_start")).longValue()).isEqualTo(11);
        assertThat(((Number) payload.get("line_end")).longValue()).isEqualTo(14);
        assertThat(payload.get("is_sidechain")).isEqualTo(false);
        assertThat(payload.get("session_id")).isEqualTo("sess-1");
    }

    @Test
    void should_sort_file_paths_into_edited_and_analysed_by_tool() {
        Chunk chunk = new Chunk(source, 0, List.of(withTools("assistant", "work", 1,
                new ToolUse("Edit", "/e.txt"), new ToolUse("Write", "/w.txt"), new ToolUse("MultiEdit", "/m.txt"),
                new ToolUse("NotebookEdit", "/n.ipynb"), new ToolUse("Read", "/r.txt"), new ToolUse("Grep", "/src"),
                new ToolUse("Glob", "/g"), new ToolUse("Bash", null), new ToolUse("Read", "/r.txt"))));

        Map<String, Object> payload = ChunkPayloads.of(chunk);

        assertThat(payload.get("files_edited")).isEqualTo(List.of("/e.txt", "/w.txt", "/m.txt", "/n.ipynb"));
        assertThat(payload.get("files_analyzed")).isEqualTo(List.of("/r.txt", "/src", "/g"));
        assertThat(payload.get("tools_used")).isEqualTo(List.of("Edit", "Write", "MultiEdit", "NotebookEdit", "Read", "Grep", "Glob", "Bash"));
    }

    @Test
    void should_take_the_timestamp_of_the_first_message_that_has_one() {
        Chunk chunk = new Chunk(source, 0, List.of(at(null, null, false, 1), at("2025-01-02T03:04:05Z", null, false, 2),
                at("2025-09-09T09:09:09Z", null, false, 3)));

        assertThat(ChunkPayloads.of(chunk).get("timestamp")).isEqualTo("2025-01-02T03:04:05Z");
    }

    @Test
    void should_fall_back_to_the_file_mtime_when_no_message_has_a_timestamp() {
        Chunk chunk = new Chunk(source, 0, List.of(at(null, null, false, 1)));

        assertThat(ChunkPayloads.of(chunk).get("timestamp")).isEqualTo("2025-03-04T05:06:07Z");
    }

    @Test
    void should_mark_a_chunk_with_a_sidechain_message_and_take_the_first_session_id() {
        Chunk chunk = new Chunk(source, 0, List.of(at(null, null, false, 1), at(null, "s2", true, 2), at(null, "s3", false, 3)));

        Map<String, Object> payload = ChunkPayloads.of(chunk);

        assertThat(payload.get("is_sidechain")).isEqualTo(true);
        assertThat(payload.get("session_id")).isEqualTo("s2");
    }

    @Test
    void should_leave_out_the_session_id_when_no_message_has_one() {
        Chunk chunk = new Chunk(source, 0, List.of(message("assistant", "x", 1)));

        Map<String, Object> payload = ChunkPayloads.of(chunk);

        assertThat(payload).doesNotContainKey("session_id");
        assertThat(payload.get("start_role")).isEqualTo("assistant");
        assertThat(payload.get("tools_used")).isEqualTo(List.of());
        assertThat(payload.get("concepts")).isEqualTo(List.of());
    }

    @Test
    void should_take_the_project_from_the_first_folder_under_the_logs_root_and_keep_subfolders_in_the_source_file() {
        SourceFile nested = new SourceFile(ROOT.resolve("sample-project/subagents/agent-1.jsonl"), ROOT, MTIME);

        Map<String, Object> payload = ChunkPayloads.of(new Chunk(nested, 0, List.of(message("user", "x", 1))));

        assertThat(payload.get("project_dir")).isEqualTo("sample-project");
        assertThat(payload.get("project")).isEqualTo("sample-project");
        assertThat(payload.get("conversation_id")).isEqualTo("agent-1");
        assertThat(payload.get("source_file")).isEqualTo(Path.of("sample-project", "subagents", "agent-1.jsonl").toString());
    }
}
