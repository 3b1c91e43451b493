package dev.reflect.importer.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.testsupport.Corpus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines far longer than the heap would hold twice: streamed from the file, parsed as tokens, cut where the text
 * rules cut, and the same messages as a short line gives.
 */
class LongLineTest {

    private final TranscriptParser parser = new TranscriptParser(new ObjectMapper());

    @TempDir
    Path dir;

    private record Parsed(List<Message> messages, List<Long> malformed, List<Line> lines) {
    }

    private Parsed parseAll(Path file, int heldLineBytes) {
        List<Message> messages = new ArrayList<>();
        List<Long> malformed = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        try (LineReader reader = LineReader.open(file, 0, 1, parser::isCompleteJson, heldLineBytes)) {
            while (reader.hasNext()) {
                Line line = reader.next();
                lines.add(line);
                try {
                    messages.addAll(parser.parse(line).messages());
                } catch (MalformedLineException e) {
                    malformed.add(e.lineNumber());
                }
            }
        }
        return new Parsed(messages, malformed, lines);
    }

    @Test
    void should_give_the_same_messages_for_every_corpus_log_when_its_lines_are_streamed_from_the_file() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.walk(Corpus.root())) {
            logs = files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
        }
        assertThat(logs).hasSizeGreaterThan(30);
        for (Path log : logs) {
            Parsed held = parseAll(log, LineReader.HELD_LINE_BYTES);
            Parsed streamed = parseAll(log, 0);

            assertThat(streamed.lines()).as(log.toString()).noneMatch(Line::held);
            assertThat(streamed.lines()).extracting(Line::startOffset).as(log.toString())
                    .isEqualTo(held.lines().stream().map(Line::startOffset).toList());
            assertThat(streamed.lines()).extracting(Line::endOffset).as(log.toString())
                    .isEqualTo(held.lines().stream().map(Line::endOffset).toList());
            assertThat(streamed.malformed()).as(log.toString()).isEqualTo(held.malformed());
            assertThat(streamed.messages()).as(log.toString()).isEqualTo(held.messages());
        }
    }

    @Test
    void should_skip_a_12_mb_base64_image_and_keep_the_text_of_its_message() throws IOException {
        Path file = dir.resolve("image.jsonl");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":"
                    + "{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"");
            base64(out, 12 * 1024 * 1024);
            out.write("\"}},{\"type\":\"text\",\"text\":\"what does this screenshot show?\"}]}}\n");
            out.write("{\"type\":\"assistant\",\"message\":{\"content\":\"a login form\"}}\n");
        }

        Parsed parsed = parseAll(file, LineReader.HELD_LINE_BYTES);

        assertThat(parsed.lines().get(0).held()).isFalse();
        assertThat(parsed.malformed()).isEmpty();
        assertThat(parsed.messages()).extracting(Message::text)
                .containsExactly("what does this screenshot show?", "a login form");
        assertThat(parsed.messages().get(1).lineOffset()).isEqualTo(parsed.lines().get(1).startOffset())
                .isEqualTo(parsed.lines().get(0).endOffset()).isGreaterThan(12L * 1024 * 1024);
    }

    @Test
    void should_cut_a_40_mb_text_to_the_message_limit_and_say_so() throws IOException {
        Path file = dir.resolve("text.jsonl");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"type\":\"user\",\"message\":{\"content\":\"START ");
            String block = "log line \\\"quoted\\\" \\u00e9\\n".repeat(1000);
            for (long written = 0; written < 40L * 1024 * 1024; written += block.length()) {
                out.write(block);
            }
            out.write(" END\"},\"timestamp\":\"2025-06-01T10:00:00Z\"}\r\n");
            out.write("{\"type\":\"assistant\",\"message\":{\"content\":\"ok\"}}\n");
        }

        Parsed parsed = parseAll(file, LineReader.HELD_LINE_BYTES);

        assertThat(parsed.messages()).hasSize(2);
        Message big = parsed.messages().get(0);
        assertThat(big.text()).startsWith("START log line \"quoted\" é\nlog line").endsWith(MessageText.CUT_MARK)
                .doesNotContain(" END");
        assertThat(big.text().length()).isLessThanOrEqualTo(MessageText.MESSAGE_LIMIT + MessageText.CUT_MARK.length());
        assertThat(big.timestamp()).isEqualTo("2025-06-01T10:00:00Z");
        assertThat(parsed.lines().get(0).length()).isEqualTo(parsed.lines().get(0).endOffset() - 2);
    }

    @Test
    void should_cut_long_thinking_tool_input_and_tool_result_as_it_cuts_short_ones() throws IOException {
        String huge = "z".repeat(3 * 1024 * 1024);
        Path file = dir.resolve("tools.jsonl");
        Files.writeString(file, "{\"type\":\"assistant\",\"message\":{\"content\":["
                + "{\"type\":\"thinking\",\"thinking\":\"" + huge + "\"},"
                + "{\"type\":\"tool_use\",\"name\":\"Write\",\"input\":{\"file_path\":\"/a.txt\",\"content\":\"" + huge + "\"}},"
                + "{\"type\":\"tool_result\",\"content\":[{\"type\":\"text\",\"text\":\"" + huge + "\"}]}]}}\n");

        Parsed parsed = parseAll(file, LineReader.HELD_LINE_BYTES);

        assertThat(parsed.messages()).hasSize(1);
        assertThat(parsed.messages().get(0).text()).isEqualTo(
                "[Thinking] " + "z".repeat(1000) + "\n"
                        + "[Tool: Write] " + ("{\"file_path\":\"/a.txt\",\"content\":\"" + huge).substring(0, 500) + "\n"
                        + "[Result] " + "z".repeat(1000));
        assertThat(parsed.messages().get(0).tools()).containsExactly(new ToolUse("Write", "/a.txt"));
    }

    @Test
    void should_read_both_records_of_a_long_glued_line() throws IOException {
        Path file = dir.resolve("glued.jsonl");
        Files.writeString(file, "{\"type\":\"user\",\"message\":{\"content\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}}"
                + "{\"type\":\"assistant\",\"message\":{\"content\":\"two\"}}\n");

        Parsed parsed = parseAll(file, LineReader.HELD_LINE_BYTES);

        assertThat(parsed.messages()).extracting(Message::indexInLine).containsExactly(0, 1);
        assertThat(parsed.messages().get(1).text()).isEqualTo("two");
    }

    @Test
    void should_take_a_long_unterminated_last_line_only_once_it_is_complete_json() throws IOException {
        Path file = dir.resolve("tail.jsonl");
        String head = "{\"type\":\"user\",\"message\":{\"content\":\"one\"}}\n";
        String tail = "{\"type\":\"assistant\",\"message\":{\"content\":\"" + "b".repeat(3 * 1024 * 1024);
        Files.writeString(file, head + tail);

        Parsed unfinished = parseAll(file, LineReader.HELD_LINE_BYTES);
        Files.writeString(file, "\"}}", java.nio.file.StandardOpenOption.APPEND);
        Parsed finished = parseAll(file, LineReader.HELD_LINE_BYTES);

        assertThat(unfinished.lines()).hasSize(1);
        assertThat(unfinished.messages()).hasSize(1);
        assertThat(finished.lines()).hasSize(2);
        assertThat(finished.lines().get(1).endOffset()).isEqualTo(Files.size(file));
        assertThat(finished.messages()).hasSize(2);
    }

    @Test
    void should_dead_letter_a_long_line_that_is_not_json_with_its_start_only() throws IOException {
        Path file = dir.resolve("broken.jsonl");
        Files.writeString(file, "{\"type\":\"user\",\"message\":{\"content\":\"" + "c".repeat(5 * 1024 * 1024) + "\n"
                + "{\"type\":\"user\",\"message\":{\"content\":\"after\"}}\n");
        List<Line> lines = new ArrayList<>();
        try (LineReader reader = LineReader.open(file, 0, 1, parser::isCompleteJson)) {
            reader.forEachRemaining(lines::add);
        }

        assertThatThrownBy(() -> parser.parse(lines.get(0))).isInstanceOfSatisfying(MalformedLineException.class, e -> {
            assertThat(e.lineNumber()).isEqualTo(1);
            assertThat(e.reason()).startsWith("not JSON: Unexpected end-of-input");
            assertThat(e.originalLine()).hasSize(MalformedLineException.ORIGINAL_BYTES).startsWith("{\"type\":\"user\"");
            assertThat(e.originalCut()).isTrue();
            assertThat(e.lineBytes()).isEqualTo(lines.get(0).length());
        });
        assertThat(parser.parse(lines.get(1)).messages()).extracting(Message::text).containsExactly("after");
    }

    @Test
    void should_call_a_long_line_malformed_for_a_control_character_in_the_part_it_cuts_away() throws IOException {
        Path file = dir.resolve("control.jsonl");
        Files.writeString(file, "{\"type\":\"user\",\"message\":{\"content\":\"" + "d".repeat(200_000) + "\u0001d\"}}\n");
        Line line = readOne(file);

        assertThatThrownBy(() -> parser.parse(line)).isInstanceOfSatisfying(MalformedLineException.class,
                e -> assertThat(e.reason()).startsWith("not JSON: Illegal unquoted character"));
    }

    @Test
    void should_call_a_long_line_with_invalid_utf8_not_valid_utf8() throws IOException {
        Path file = dir.resolve("utf8.jsonl");
        byte[] start = ("{\"type\":\"user\",\"message\":{\"content\":\"" + "e".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[start.length + 5];
        System.arraycopy(start, 0, bytes, 0, start.length);
        bytes[start.length] = (byte) 0xC3;
        bytes[start.length + 1] = (byte) 0x28;
        bytes[start.length + 2] = '"';
        bytes[start.length + 3] = '}';
        bytes[start.length + 4] = '\n';
        Files.write(file, bytes);
        Line line = readOne(file);

        assertThatThrownBy(() -> parser.parse(line)).isInstanceOfSatisfying(MalformedLineException.class,
                e -> assertThat(e.reason()).isEqualTo("not valid UTF-8"));
    }

    private Line readOne(Path file) {
        try (LineReader reader = LineReader.open(file, 0, 1, parser::isCompleteJson)) {
            return reader.next();
        }
    }

    private static void base64(Writer out, long bytes) throws IOException {
        char[] row = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
                .replace("=", "A").toCharArray();
        for (long written = 0; written < bytes; written += row.length) {
            out.write(row);
        }
    }
}
