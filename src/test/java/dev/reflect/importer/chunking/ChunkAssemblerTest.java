package dev.reflect.importer.chunking;

import static dev.reflect.importer.chunking.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.Message;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChunkAssemblerTest {

    private static final Path FILE = Path.of("/logs/p/c.jsonl");
    private static final ResumePoint START = new ResumePoint(0, 1, 0, 0);
    private final SourceFile source = new SourceFile(FILE, Path.of("/logs"), Instant.EPOCH);

    /** Line {@code n} starts at byte {@code n * 100} (as in {@link Messages}) and ends where line n+1 starts. */
    private static Line line(long n) {
        return new Line(FILE, n, n * 100, (n + 1) * 100, new byte[0]);
    }

    @Test
    void should_group_messages_in_file_order_into_chunks_of_the_size() {
        ChunkAssembler assembler = new ChunkAssembler(source, 2, START);
        List<Chunk> chunks = new ArrayList<>();

        for (int n = 1; n <= 5; n++) {
            assembler.add(message(n % 2 == 1 ? "user" : "assistant", "m" + n, n)).ifPresent(chunks::add);
            assembler.lineDone(line(n));
        }

        assertThat(chunks).extracting(Chunk::index).containsExactly(0, 1);
        assertThat(chunks.get(0).messages()).extracting(Message::text).containsExactly("m1", "m2");
        assertThat(chunks.get(1).messages()).extracting(Message::text).containsExactly("m3", "m4");
        assertThat(assembler.openChunk()).hasValueSatisfying(open -> {
            assertThat(open.index()).isEqualTo(2);
            assertThat(open.messages()).extracting(Message::text).containsExactly("m5");
        });
        assertThat(assembler.chunkCount()).isEqualTo(3);
        assertThat(assembler.messageCount()).isEqualTo(5);
    }

    @Test
    void should_complete_a_chunk_on_its_last_message_only() {
        ChunkAssembler assembler = new ChunkAssembler(source, 3, START);

        assertThat(assembler.add(message("user", "a", 1))).isEmpty();
        assertThat(assembler.add(message("assistant", "b", 2))).isEmpty();
        Optional<Chunk> third = assembler.add(message("user", "c", 3));

        assertThat(third).hasValueSatisfying(c -> assertThat(c.messages()).hasSize(3));
        assertThat(assembler.openChunk()).isEmpty();
    }

    @Test
    void should_have_no_open_chunk_and_keep_the_start_before_any_message() {
        ChunkAssembler assembler = new ChunkAssembler(source, 2, START);

        assertThat(assembler.openChunk()).isEmpty();
        assertThat(assembler.resumePoint()).isEqualTo(START);
        assertThat(assembler.chunkCount()).isZero();
        assertThat(assembler.messageCount()).isZero();
    }

    @Test
    void should_resume_past_the_last_line_read_when_no_chunk_is_open() {
        ChunkAssembler assembler = new ChunkAssembler(source, 2, START);

        assembler.lineDone(line(1)); // a line without messages, e.g. a summary
        assertThat(assembler.resumePoint()).isEqualTo(new ResumePoint(200, 2, 0, 0));

        assembler.add(message("user", "a", 2));
        assembler.lineDone(line(2));
        assembler.add(message("assistant", "b", 3));
        assembler.lineDone(line(3));

        assertThat(assembler.resumePoint()).isEqualTo(new ResumePoint(400, 4, 0, 1));
    }

    @Test
    void should_resume_at_the_first_message_of_the_open_chunk() {
        ChunkAssembler assembler = new ChunkAssembler(source, 3, START);

        assembler.lineDone(line(1));
        assembler.add(message("user", "a", 2));
        assembler.lineDone(line(2));
        assembler.lineDone(line(3));
        assembler.add(message("assistant", "b", 4));
        assembler.lineDone(line(4));

        assertThat(assembler.resumePoint()).isEqualTo(new ResumePoint(200, 2, 0, 0));
    }

    @Test
    void should_resume_on_the_same_line_skipping_the_messages_of_the_complete_chunk_while_the_line_is_not_done() {
        ChunkAssembler assembler = new ChunkAssembler(source, 2, START);

        assembler.add(message("user", "a", 1, 0));
        assembler.lineDone(line(1));
        assembler.add(message("user", "b", 2, 0)); // completes chunk 0 before line 2 is done

        assertThat(assembler.resumePoint()).isEqualTo(new ResumePoint(200, 2, 1, 1));
    }

    @Test
    void should_resume_inside_a_line_at_the_message_that_opened_the_chunk() {
        ChunkAssembler assembler = new ChunkAssembler(source, 2, START);

        assembler.add(message("user", "a", 1, 0));
        assembler.lineDone(line(1));
        assembler.add(message("user", "b", 2, 0));
        assembler.add(message("assistant", "c", 2, 1)); // second message of line 2 opens chunk 1
        assembler.lineDone(line(2));

        assertThat(assembler.resumePoint()).isEqualTo(new ResumePoint(200, 2, 1, 1));
        assertThat(assembler.openChunk()).hasValueSatisfying(c -> assertThat(c.index()).isEqualTo(1));
    }

    @Test
    void should_continue_numbering_from_the_resume_point() {
        ResumePoint resume = new ResumePoint(500, 6, 0, 4);
        ChunkAssembler assembler = new ChunkAssembler(source, 2, resume);

        assertThat(assembler.resumePoint()).isEqualTo(resume);
        assembler.add(message("user", "a", 6));
        Optional<Chunk> chunk = assembler.add(message("assistant", "b", 7));

        assertThat(chunk).hasValueSatisfying(c -> assertThat(c.index()).isEqualTo(4));
        assertThat(assembler.chunkCount()).isEqualTo(5);
        assertThat(assembler.messageCount()).isEqualTo(10);
    }

    @Test
    void should_build_the_same_chunks_when_a_read_resumes_where_the_previous_one_said() {
        // Size 2; line 3 holds two messages.
        List<Message> all = List.of(message("user", "a", 1, 0), message("assistant", "b", 2, 0),
                message("user", "c", 3, 0), message("assistant", "d", 3, 1), message("user", "e", 4, 0));

        ChunkAssembler whole = new ChunkAssembler(source, 2, START);
        List<Chunk> wholeChunks = feed(whole, all, START);
        whole.openChunk().ifPresent(wholeChunks::add);

        // A first read that saw lines 1 and 2 and the first message of line 3 only.
        ChunkAssembler first = new ChunkAssembler(source, 2, START);
        List<Chunk> firstChunks = feed(first, all.subList(0, 3), START);
        ResumePoint resume = first.resumePoint();
        assertThat(resume).isEqualTo(new ResumePoint(300, 3, 0, 1));

        ChunkAssembler second = new ChunkAssembler(source, 2, resume);
        List<Chunk> secondChunks = feed(second, all, resume);
        second.openChunk().ifPresent(secondChunks::add);

        List<Chunk> combined = new ArrayList<>(firstChunks);
        combined.addAll(secondChunks);
        assertThat(combined).extracting(Chunk::index).containsExactly(0, 1, 2);
        assertThat(combined).extracting(Chunk::text).containsExactlyElementsOf(wholeChunks.stream().map(Chunk::text).toList());
    }

    @Test
    void should_not_build_a_complete_chunk_twice_when_resuming_mid_line() {
        // Size 2; line 2 holds three messages: chunk 0 ends on its first, chunk 1 is its last two.
        List<Message> all = List.of(message("user", "a", 1, 0), message("assistant", "b", 2, 0),
                message("user", "c", 2, 1), message("assistant", "d", 2, 2));

        ChunkAssembler first = new ChunkAssembler(source, 2, START);
        List<Chunk> firstChunks = feed(first, all.subList(0, 2), START); // stopped right after chunk 0
        ResumePoint resume = first.resumePoint();
        assertThat(resume).isEqualTo(new ResumePoint(200, 2, 1, 1));

        ChunkAssembler second = new ChunkAssembler(source, 2, resume);
        List<Chunk> secondChunks = feed(second, all, resume);

        assertThat(firstChunks).extracting(Chunk::text).containsExactly("USER: a\n\nASSISTANT: b");
        assertThat(secondChunks).extracting(Chunk::index).containsExactly(1);
        assertThat(secondChunks).extracting(Chunk::text).containsExactly("USER: c\n\nASSISTANT: d");
    }

    /** Feeds the messages from the resume point on, as a reader would: skipping {@code skip} messages of its first line. */
    private static List<Chunk> feed(ChunkAssembler assembler, List<Message> messages, ResumePoint from) {
        List<Chunk> chunks = new ArrayList<>();
        long currentLine = -1;
        for (Message m : messages) {
            if (m.line() < from.line() || (m.line() == from.line() && m.indexInLine() < from.skip())) {
                continue;
            }
            if (currentLine != -1 && m.line() != currentLine) {
                assembler.lineDone(line(currentLine));
            }
            currentLine = m.line();
            assembler.add(m).ifPresent(chunks::add);
        }
        return chunks;
    }
}
