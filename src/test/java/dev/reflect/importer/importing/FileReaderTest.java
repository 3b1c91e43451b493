package dev.reflect.importer.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateRepository;
import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a file into chunks: a malformed line is a result (counted and dead-lettered), and the file goes on. */
class FileReaderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;
    private Path logs;
    private Path deadLetterFile;
    private RunStats stats;
    private FileReader reader;

    @BeforeEach
    void newReader() throws IOException {
        logs = Files.createDirectories(dir.resolve("projects"));
        deadLetterFile = dir.resolve("state").resolve("dead-letters.jsonl");
        ImportState state = ImportState.load(dir.resolve("state").resolve("state.json"), MAPPER);
        stats = new RunStats(false);
        Ledger ledger = new Ledger("local", CollectionNames.UNPREFIXED, state, new StateRepository(state, "local"), stats,
                (collection, conversation, from, to) -> { });
        reader = new FileReader(logs, 2, "local", CollectionNames.UNPREFIXED, state, new TranscriptParser(MAPPER),
                new DeadLetters(deadLetterFile, MAPPER), ledger);
    }

    @Test
    void should_return_a_malformed_line_as_a_result_counted_against_its_file_and_dead_lettered() throws IOException {
        Path file = write(user("one"), "{not json", user("two"));
        FileImport fileImport = reader.open(file.toString());
        Line bad = new Line(file, 2, 0, 0, "{not json".getBytes(StandardCharsets.UTF_8));

        LineResult result = reader.read(fileImport, bad);

        assertThat(result.isMalformed()).isTrue();
        assertThat(result.chunks()).isEmpty();
        assertThat(result.malformed().file()).isEqualTo(file);
        assertThat(result.malformed().lineNumber()).isEqualTo(2);
        assertThat(result.malformed().reason()).startsWith("not JSON");
        assertThat(fileImport.malformedLines()).isEqualTo(1);
        assertThat(fileImport.firstMalformed()).startsWith("line 2: not JSON");
        List<String> letters = Files.readAllLines(deadLetterFile);
        assertThat(letters).hasSize(1);
        JsonNode letter = MAPPER.readTree(letters.get(0));
        assertThat(letter.path("file").asText()).isEqualTo(file.toString());
        assertThat(letter.path("line").asLong()).isEqualTo(2);
        assertThat(letter.path("original").asText()).isEqualTo("{not json");
    }

    @Test
    void should_return_the_chunks_a_good_line_completes() throws IOException {
        Path file = write(user("one"), user("two"));
        FileImport fileImport = reader.open(file.toString());

        LineResult first = reader.read(fileImport, new Line(file, 1, 0, 0, user("one").getBytes(StandardCharsets.UTF_8)));
        LineResult second = reader.read(fileImport, new Line(file, 2, 0, 0, user("two").getBytes(StandardCharsets.UTF_8)));

        assertThat(first.isMalformed()).isFalse();
        assertThat(first.chunks()).isEmpty();
        assertThat(second.chunks()).singleElement().satisfies(chunk -> {
            assertThat(chunk.index()).isZero();
            assertThat(chunk.messages()).hasSize(2);
            assertThat(chunk.entry()).as("the chunk carries its file's ledger entry").isSameAs(fileImport);
        });
    }

    @Test
    void should_skip_a_malformed_line_and_read_the_rest_into_chunks_and_the_last_shorter_one() throws IOException {
        Path file = write(user("one"), "{not json", user("two"), user("three"));
        FileImport fileImport = reader.open(file.toString());

        List<Chunk> chunks = new ArrayList<>();
        Iterator<Chunk> it = reader.chunks(fileImport);
        it.forEachRemaining(chunks::add);

        assertThat(chunks).extracting(Chunk::index).containsExactly(0, 1);
        assertThat(chunks.get(0).text()).isEqualTo("USER: one\n\nUSER: two");
        assertThat(chunks.get(1).text()).as("the open chunk at the end").isEqualTo("USER: three");
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.entry()).isSameAs(fileImport));
        assertThat(fileImport.malformedLines()).isEqualTo(1);
        assertThat(fileImport.lines()).isEqualTo(4);
        assertThat(Files.readAllLines(deadLetterFile)).hasSize(1);
        assertThat(fileImport.readingDone()).as("two chunks in flight").isFalse();
    }

    private Path write(String... lines) throws IOException {
        Path project = Files.createDirectories(logs.resolve("-home-me-code-app"));
        Path file = project.resolve("3f1c.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file.toAbsolutePath().normalize();
    }

    private static String user(String text) {
        return "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + text + "\"}}";
    }
}
