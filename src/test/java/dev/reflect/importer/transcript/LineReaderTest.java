package dev.reflect.importer.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {

    private static final Predicate<Line> ACCEPT = b -> true;
    private static final Predicate<Line> REFUSE = b -> false;

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    private Path file(byte[] content) throws IOException {
        Path file = dir.resolve("log.jsonl");
        Files.write(file, content);
        return file;
    }

    private static List<Line> readAll(Path file, long offset, long firstLine, Predicate<Line> tail) {
        List<Line> lines = new ArrayList<>();
        try (LineReader reader = LineReader.open(file, offset, firstLine, tail)) {
            reader.forEachRemaining(lines::add);
        }
        return lines;
    }

    private static String text(Line line) {
        return new String(line.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void should_read_lines_with_numbers_and_byte_offsets() throws IOException {
        Path file = file("one\ntwo\n\nfour\n");

        List<Line> lines = readAll(file, 0, 1, REFUSE);

        assertThat(lines).extracting(LineReaderTest::text).containsExactly("one", "two", "", "four");
        assertThat(lines).extracting(Line::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lines).extracting(Line::startOffset).containsExactly(0L, 4L, 8L, 9L);
        assertThat(lines).extracting(Line::endOffset).containsExactly(4L, 8L, 9L, 14L);
        assertThat(lines).allSatisfy(l -> assertThat(l.file()).isEqualTo(file));
    }

    @Test
    void should_stream_from_a_byte_offset_numbering_from_the_given_line() throws IOException {
        Path file = file("one\ntwo\nthree\n");

        List<Line> lines = readAll(file, 4, 2, REFUSE);

        assertThat(lines).extracting(LineReaderTest::text).containsExactly("two", "three");
        assertThat(lines).extracting(Line::number).containsExactly(2L, 3L);
        assertThat(lines).extracting(Line::startOffset).containsExactly(4L, 8L);
    }

    @Test
    void should_read_nothing_from_the_end_of_the_file_or_an_empty_file() throws IOException {
        assertThat(readAll(file("one\n"), 4, 2, ACCEPT)).isEmpty();
        assertThat(readAll(file(""), 0, 1, ACCEPT)).isEmpty();
    }

    @Test
    void should_strip_the_carriage_return_of_crlf_line_ends_but_count_its_byte() throws IOException {
        Path file = file("one\r\ntwo\r\n");

        List<Line> lines = readAll(file, 0, 1, REFUSE);

        assertThat(lines).extracting(LineReaderTest::text).containsExactly("one", "two");
        assertThat(lines).extracting(Line::endOffset).containsExactly(5L, 10L);
    }

    @Test
    void should_return_an_unterminated_last_line_when_the_predicate_accepts_it() throws IOException {
        Path file = file("one\n{\"done\":true}");

        List<Line> lines = readAll(file, 0, 1, l -> text(l).endsWith("}"));

        assertThat(lines).extracting(LineReaderTest::text).containsExactly("one", "{\"done\":true}");
        assertThat(lines.get(1).number()).isEqualTo(2);
        assertThat(lines.get(1).endOffset()).isEqualTo(Files.size(file));
    }

    @Test
    void should_stop_before_an_unterminated_last_line_the_predicate_refuses() throws IOException {
        Path file = file("one\n{\"still\":\"writ");
        List<Line> asked = new ArrayList<>();

        List<Line> lines = readAll(file, 0, 1, l -> {
            asked.add(l);
            return false;
        });

        assertThat(lines).extracting(LineReaderTest::text).containsExactly("one");
        assertThat(asked).hasSize(1);
        assertThat(text(asked.get(0))).isEqualTo("{\"still\":\"writ");
    }

    @Test
    void should_not_ask_the_predicate_about_terminated_lines() throws IOException {
        List<Line> lines = readAll(file("{\"a\":\n"), 0, 1, b -> {
            throw new AssertionError("asked about a terminated line");
        });

        assertThat(lines).extracting(LineReaderTest::text).containsExactly("{\"a\":");
    }

    @Test
    void should_pick_up_the_finished_line_on_a_later_read_from_where_it_stopped() throws IOException {
        Path file = file("one\n{\"a\":");
        List<Line> first = readAll(file, 0, 1, REFUSE);
        Line last = first.get(first.size() - 1);

        Files.writeString(file, "1}\n", StandardOpenOption.APPEND);
        List<Line> second = readAll(file, last.endOffset(), last.number() + 1, REFUSE);

        assertThat(second).extracting(LineReaderTest::text).containsExactly("{\"a\":1}");
        assertThat(second.get(0).number()).isEqualTo(2);
    }

    @Test
    void should_strip_a_trailing_carriage_return_of_an_accepted_unterminated_line() throws IOException {
        List<Line> lines = readAll(file("one\r"), 0, 1, ACCEPT);

        assertThat(lines).extracting(LineReaderTest::text).containsExactly("one");
    }

    @Test
    void should_keep_bytes_as_they_are_including_invalid_utf8() throws IOException {
        byte[] bytes = {'a', (byte) 0xC3, (byte) 0x28, '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, '\n'};

        List<Line> lines = readAll(file(bytes), 0, 1, REFUSE);

        assertThat(lines.get(0).bytes()).containsExactly('a', (byte) 0xC3, (byte) 0x28);
        assertThat(lines.get(1).bytes()).containsExactly((byte) 0xE2, (byte) 0x82, (byte) 0xAC);
        assertThat(lines.get(1).startOffset()).isEqualTo(4);
    }

    @Test
    void should_read_lines_longer_than_its_buffer() throws IOException {
        String longLine = "x".repeat(200_000);
        Path file = file("short\n" + longLine + "\r\nafter\n");

        List<Line> lines = readAll(file, 0, 1, REFUSE);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).bytes()).hasSize(200_000);
        assertThat(lines.get(2).startOffset()).isEqualTo(6 + 200_000 + 2);
        assertThat(text(lines.get(2))).isEqualTo("after");
    }

    @Test
    void should_find_line_breaks_that_fall_on_a_buffer_boundary() throws IOException {
        StringBuilder content = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; content.length() < 3 * 64 * 1024; i++) {
            String line = "line-" + i + "-" + "y".repeat(i % 97);
            expected.add(line);
            content.append(line).append(i % 3 == 0 ? "\r\n" : "\n");
        }

        List<Line> lines = readAll(file(content.toString()), 0, 1, REFUSE);

        assertThat(lines).extracting(LineReaderTest::text).containsExactlyElementsOf(expected);
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).startOffset()).isEqualTo(lines.get(i - 1).endOffset());
        }
    }

    @Test
    void should_throw_no_such_element_past_the_end() throws IOException {
        try (LineReader reader = LineReader.open(file("one\n"), 0, 1, REFUSE)) {
            assertThat(reader.next().number()).isEqualTo(1);
            assertThat(reader.hasNext()).isFalse();
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void should_not_change_the_file_it_reads() throws IOException {
        Path file = file("one\ntwo");
        byte[] before = Files.readAllBytes(file);

        readAll(file, 0, 1, ACCEPT);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void should_name_the_file_when_it_cannot_be_opened() {
        Path missing = dir.resolve("missing.jsonl");

        assertThatThrownBy(() -> LineReader.open(missing, 0, 1, ACCEPT))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }
}
