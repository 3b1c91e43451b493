package dev.reflect.importer.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TranscriptParserTest {

    private final TranscriptParser parser = new TranscriptParser(new ObjectMapper());

    private static Line line(long number, String json) {
        return new Line(Path.of("x.jsonl"), number, 0, 0, json.getBytes(StandardCharsets.UTF_8));
    }

    private ParsedLine parse(String json) {
        return parser.parse(line(1, json));
    }

    private Message only(String json) {
        List<Message> messages = parse(json).messages();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private String textOf(String contentJson) {
        return only("{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":" + contentJson + "}}").text();
    }

    private void assertNoMessage(String json) {
        ParsedLine parsed = parse(json);
        assertThat(parsed.messages()).as(json).isEmpty();
    }

    // Lines

    @Test
    void should_read_a_user_message_with_string_content() {
        Message m = only("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hello\"},"
                + "\"timestamp\":\"2025-06-01T10:00:00.000Z\",\"sessionId\":\"s1\",\"isSidechain\":true}");

        assertThat(m.role()).isEqualTo("user");
        assertThat(m.text()).isEqualTo("hello");
        assertThat(m.sessionId()).isEqualTo("s1");
        assertThat(m.sidechain()).isTrue();
        assertThat(m.timestamp()).isNotNull();
        assertThat(Instant.parse(m.timestamp())).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
        assertThat(m.line()).isEqualTo(1);
        assertThat(m.indexInLine()).isZero();
    }

    @Test
    void should_yield_each_of_two_objects_glued_on_one_line() {
        ParsedLine parsed = parser.parse(new Line(Path.of("x.jsonl"), 7, 120, 300,
                ("{\"type\":\"user\",\"message\":{\"content\":\"one\"}}"
                        + "{\"type\":\"assistant\",\"message\":{\"content\":\"two\"}}").getBytes(StandardCharsets.UTF_8)));

        assertThat(parsed.messages()).extracting(Message::text).containsExactly("one", "two");
        assertThat(parsed.messages()).extracting(Message::indexInLine).containsExactly(0, 1);
        assertThat(parsed.messages()).extracting(Message::line).containsExactly(7L, 7L);
        assertThat(parsed.messages()).extracting(Message::lineOffset).containsExactly(120L, 120L);
        assertThat(parsed.skippedRecords()).isZero();
    }

    @Test
    void should_yield_a_message_glued_to_a_summary_and_count_the_summary_as_skipped() {
        ParsedLine parsed = parse("{\"type\":\"user\",\"message\":{\"content\":\"one\"}}{\"type\":\"summary\",\"summary\":\"s\"}");

        assertThat(parsed.messages()).extracting(Message::text).containsExactly("one");
        assertThat(parsed.skippedRecords()).isEqualTo(1);
    }

    @Test
    void should_yield_objects_separated_by_whitespace_on_one_line() {
        ParsedLine parsed = parse("{\"type\":\"user\",\"message\":{\"content\":\"a\"}}  {\"type\":\"user\",\"message\":{\"content\":\"b\"}}");

        assertThat(parsed.messages()).extracting(Message::text).containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t", " \t \r"})
    void should_ignore_a_blank_line(String blank) {
        ParsedLine parsed = parse(blank);

        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.skippedRecords()).isZero();
    }

    @Test
    void should_call_invalid_utf8_malformed_with_file_line_and_reason() {
        byte[] bytes = {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Line bad = new Line(Path.of("x.jsonl"), 12, 0, 0, bytes);

        assertThatThrownBy(() -> parser.parse(bad))
                .isInstanceOfSatisfying(MalformedLineException.class, e -> {
                    assertThat(e.reason()).containsIgnoringCase("UTF-8");
                    assertThat(e.lineNumber()).isEqualTo(12);
                    assertThat(e.file()).isEqualTo(Path.of("x.jsonl"));
                    assertThat(e.originalLine()).startsWith("{\"type\":\"");
                    assertThat(e.getMessage()).contains("x.jsonl").contains("12");
                });
    }

    @Test
    void should_call_a_lone_continuation_byte_malformed() {
        Line bad = new Line(Path.of("x.jsonl"), 1, 0, 0, new byte[] {'"', (byte) 0x80, '"'});

        assertThatThrownBy(() -> parser.parse(bad)).isInstanceOf(MalformedLineException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"user\",\"message\":{\"content\":\"cut",
            "{\"type\":\"user\"",
            "not json at all",
            "{\"type\":\"user\"}}",
            "{\"type\":\"user\",\"message\":{\"content\":\"x\"}}garbage",
            "{'type':'user'}",
            "NaN"})
    void should_call_a_line_that_is_not_json_malformed(String notJson) {
        assertThatThrownBy(() -> parse(notJson))
                .isInstanceOfSatisfying(MalformedLineException.class, e -> {
                    assertThat(e.reason()).isNotBlank();
                    assertThat(e.originalLine()).isEqualTo(notJson);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"massive error\"", "42", "[1]", "null", "true", "{}", "[{\"type\":\"user\",\"message\":{\"content\":\"in an array\"}}]"})
    void should_skip_json_that_is_not_a_record_without_calling_it_malformed(String json) {
        ParsedLine parsed = parse(json);

        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.skippedRecords()).isEqualTo(1);
    }

    @Test
    void should_report_whether_bytes_are_complete_json() {
        assertThat(parser.isCompleteJson("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(parser.isCompleteJson("{\"a\":1}{\"b\":2}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(parser.isCompleteJson("{\"a\":".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(parser.isCompleteJson(new byte[] {'"', (byte) 0xFF, '"'})).isFalse();
    }

    // Which records are messages

    @Test
    void should_take_user_and_assistant_records_only() {
        assertThat(only("{\"type\":\"assistant\",\"message\":{\"content\":\"hi\"}}").role()).isEqualTo("assistant");
        assertNoMessage("{\"type\":\"system\",\"message\":{\"content\":\"hi\"}}");
        assertNoMessage("{\"type\":\"summary\",\"summary\":\"hi\",\"leafUuid\":\"u\"}");
        assertNoMessage("{\"type\":\"progress\",\"message\":{\"content\":\"hi\"}}");
        assertNoMessage("{\"type\":\"file-history-snapshot\",\"snapshot\":{}}");
        assertNoMessage("{\"message\":{\"content\":\"no type\"}}");
        assertNoMessage("{\"type\":\"User\",\"message\":{\"content\":\"wrong case\"}}");
    }

    @Test
    void should_count_the_records_it_skips() {
        ParsedLine parsed = parse("{\"type\":\"system\",\"content\":\"x\"}");

        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.skippedRecords()).isEqualTo(1);
    }

    @Test
    void should_skip_a_record_without_an_object_message_with_content() {
        assertNoMessage("{\"type\":\"user\"}");
        assertNoMessage("{\"type\":\"user\",\"message\":\"error\"}");
        assertNoMessage("{\"type\":\"user\",\"message\":[\"hi\"]}");
        assertNoMessage("{\"type\":\"user\",\"message\":{\"role\":\"user\"}}");
        assertNoMessage("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"text\":\"hi\"}}");
        assertNoMessage("{\"type\":\"user\",\"message\":{\"content\":null}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"isMeta", "isApiErrorMessage", "isCompactSummary"})
    void should_skip_a_record_marked_with_an_excluding_flag(String flag) {
        assertNoMessage("{\"type\":\"user\",\"" + flag + "\":true,\"message\":{\"content\":\"hi\"}}");
        assertNoMessage("{\"type\":\"assistant\",\"" + flag + "\":true,\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"isMeta", "isApiErrorMessage", "isCompactSummary"})
    void should_keep_a_record_whose_excluding_flag_is_false(String flag) {
        assertThat(only("{\"type\":\"user\",\"" + flag + "\":false,\"message\":{\"content\":\"hi\"}}").text()).isEqualTo("hi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"   \\n\\t \"", "[]", "[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"data\":\"AAAA\"}}]",
            "[{\"type\":\"text\",\"text\":\"  \"}]", "[{\"type\":\"thinking\",\"thinking\":\"\"}]",
            "[{\"type\":\"tool_result\",\"content\":\"\"}]", "[{\"type\":\"tool_result\",\"content\":[]}]", "42", "{\"text\":\"x\"}"})
    void should_skip_a_message_whose_text_is_blank(String content) {
        assertNoMessage("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + content + "}}");
    }

    // Role

    @Test
    void should_take_the_role_from_the_message_else_from_the_type() {
        assertThat(only("{\"type\":\"user\",\"message\":{\"role\":\"assistant\",\"content\":\"x\"}}").role()).isEqualTo("assistant");
        assertThat(only("{\"type\":\"assistant\",\"message\":{\"content\":\"x\"}}").role()).isEqualTo("assistant");
        assertThat(only("{\"type\":\"user\",\"message\":{\"content\":\"x\"}}").role()).isEqualTo("user");
    }

    // Text

    @Test
    void should_trim_string_content() {
        assertThat(textOf("\"  hello world \\n\"")).isEqualTo("hello world");
    }

    @Test
    void should_take_string_items_and_text_items_of_a_list_joined_by_newline() {
        assertThat(textOf("[\"plain\",{\"type\":\"text\",\"text\":\"block\"}]")).isEqualTo("plain\nblock");
    }

    @Test
    void should_prefix_thinking_and_keep_its_first_1000_characters() {
        String thinking = "t".repeat(1000) + "CUT";

        assertThat(textOf("[{\"type\":\"thinking\",\"thinking\":\"" + thinking + "\"}]"))
                .isEqualTo("[Thinking] " + "t".repeat(1000));
        assertThat(textOf("[{\"type\":\"thinking\",\"thinking\":\"why\"},{\"type\":\"text\",\"text\":\"so\"}]"))
                .isEqualTo("[Thinking] why\nso");
    }

    @Test
    void should_count_characters_not_utf16_units_when_cutting() {
        String emoji = "\uD83D\uDE00";
        String thinking = emoji.repeat(1001);

        String text = textOf("[{\"type\":\"thinking\",\"thinking\":\"" + thinking + "\"}]");

        assertThat(text).isEqualTo("[Thinking] " + emoji.repeat(1000));
    }

    @Test
    void should_give_nothing_for_empty_thinking() {
        assertThat(textOf("[{\"type\":\"thinking\",\"thinking\":\"\"},{\"type\":\"text\",\"text\":\"answer\"}]")).isEqualTo("answer");
    }

    @Test
    void should_write_a_tool_call_as_its_name_and_compact_input() {
        assertThat(textOf("[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Read\",\"input\": { \"file_path\" : \"/a/b.txt\", \"limit\" : 10 }}]"))
                .isEqualTo("[Tool: Read] {\"file_path\":\"/a/b.txt\",\"limit\":10}");
    }

    @Test
    void should_keep_the_first_500_characters_of_a_tool_input() {
        String command = "x".repeat(600);

        String text = textOf("[{\"type\":\"tool_use\",\"name\":\"Bash\",\"input\":{\"command\":\"" + command + "\"}}]");

        String json = "{\"command\":\"" + command + "\"}";
        assertThat(text).isEqualTo("[Tool: Bash] " + json.substring(0, 500));
    }

    @Test
    void should_write_a_tool_result_string_with_its_first_1000_characters() {
        assertThat(textOf("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"ok\"}]")).isEqualTo("[Result] ok");
        assertThat(textOf("[{\"type\":\"tool_result\",\"content\":\"" + "r".repeat(1200) + "\"}]"))
                .isEqualTo("[Result] " + "r".repeat(1000));
    }

    @Test
    void should_join_the_text_items_of_a_tool_result_list_by_newline() {
        assertThat(textOf("[{\"type\":\"tool_result\",\"content\":[{\"type\":\"text\",\"text\":\"one\"},"
                + "{\"type\":\"image\",\"source\":{}},{\"type\":\"text\",\"text\":\"two\"}]}]"))
                .isEqualTo("[Result] one\ntwo");
    }

    @Test
    void should_give_nothing_for_an_empty_tool_result() {
        assertThat(textOf("[{\"type\":\"tool_result\",\"content\":\"\"},{\"type\":\"text\",\"text\":\"after\"}]")).isEqualTo("after");
        assertThat(textOf("[{\"type\":\"tool_result\",\"content\":[{\"type\":\"image\"}]},{\"type\":\"text\",\"text\":\"after\"}]"))
                .isEqualTo("after");
    }

    @Test
    void should_give_nothing_for_images_and_unknown_item_types() {
        assertThat(textOf("[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"data\":\"AAAA\"}},"
                + "{\"type\":\"text\",\"text\":\"look\"},{\"type\":\"document\",\"x\":1},42,null]"))
                .isEqualTo("look");
    }

    @Test
    void should_join_all_parts_by_newline_and_trim_the_whole() {
        String text = textOf("[{\"type\":\"text\",\"text\":\"  first\"},{\"type\":\"thinking\",\"thinking\":\"hm\"},"
                + "{\"type\":\"tool_use\",\"name\":\"Edit\",\"input\":{\"file_path\":\"f\"}},"
                + "{\"type\":\"tool_result\",\"content\":\"done\"},\"last  \"]");

        assertThat(text).isEqualTo("first\n[Thinking] hm\n[Tool: Edit] {\"file_path\":\"f\"}\n[Result] done\nlast");
    }

    // Tools

    @Test
    void should_collect_tool_calls_with_their_file_paths() {
        Message m = only("{\"type\":\"assistant\",\"message\":{\"content\":["
                + "{\"type\":\"tool_use\",\"name\":\"Read\",\"input\":{\"file_path\":\"/r.txt\"}},"
                + "{\"type\":\"tool_use\",\"name\":\"Grep\",\"input\":{\"path\":\"/src\"}},"
                + "{\"type\":\"tool_use\",\"name\":\"NotebookEdit\",\"input\":{\"notebook_path\":\"/n.ipynb\"}},"
                + "{\"type\":\"tool_use\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}]}}");

        assertThat(m.tools()).containsExactly(
                new ToolUse("Read", "/r.txt"),
                new ToolUse("Grep", "/src"),
                new ToolUse("NotebookEdit", "/n.ipynb"),
                new ToolUse("Bash", null));
    }

    @Test
    void should_have_no_tools_for_string_content() {
        assertThat(only("{\"type\":\"user\",\"message\":{\"content\":\"x\"}}").tools()).isEmpty();
    }

    @Test
    void should_leave_timestamp_and_session_null_when_absent_or_unreadable() {
        Message m = only("{\"type\":\"user\",\"timesstamp\":\"2025-01-01T00:00:00Z\",\"message\":{\"content\":\"x\"}}");
        assertThat(m.timestamp()).isNull();
        assertThat(m.sessionId()).isNull();
        assertThat(m.sidechain()).isFalse();

        assertThat(only("{\"type\":\"user\",\"timestamp\":\"yesterday\",\"message\":{\"content\":\"x\"}}").timestamp()).isNull();
    }
}
