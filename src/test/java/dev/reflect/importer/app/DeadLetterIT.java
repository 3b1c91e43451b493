package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports the corpus's edge cases (third-party fixtures, and a Gemini log that is pretty-printed JSON, not
 * JSONL): every line that is not JSON goes to the dead letters with its file, line number, reason and text,
 * and the rest is imported.
 */
class DeadLetterIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String GEMINI = "entireio__cli/not-claude-code-gemini.jsonl";

    @TempDir
    static Path work;

    static QdrantServer server;
    static CliRun run;
    static List<JsonNode> deadLetters;
    static Map<String, Long> expectedPoints;

    @BeforeAll
    static void importTheEdgeCases() throws IOException {
        server = QdrantServer.shared();
        expectedPoints = new TreeMap<>();
        CorpusImportIT.messagesPerConversation(Corpus.edgeCases()).forEach((file, messages) -> {
            String project = Corpus.edgeCases().relativize(Path.of(file)).getName(0).toString();
            expectedPoints.merge(collectionOf(project), (long) Math.ceil(messages / 5.0), Long::sum);
        });
        expectedPoints.values().removeIf(points -> points == 0);
        Map<String, String> settings = CliRun.settings(Corpus.edgeCases(), work, server);
        run = CliRun.reflect(settings, "import");
        deadLetters = new ArrayList<>();
        Path file = Path.of(settings.get("importer.dead-letter-file"));
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                deadLetters.add(MAPPER.readTree(line));
            }
        }
    }

    @AfterAll
    static void dropTheCollections() {
        if (server == null) {
            return;
        }
        CliRun.deleteCollections(server, expectedPoints.keySet());
    }

    @Test
    void should_import_the_edge_cases_with_exit_code_0() {
        assertThat(run.exit()).as(run.printed()).isZero();
    }

    @Test
    void should_keep_each_malformed_line_as_one_json_object_with_file_line_reason_and_original() {
        assertThat(deadLetters).isNotEmpty().allSatisfy(letter -> {
            assertThat(letter.isObject()).isTrue();
            assertThat(letter.path("file").isTextual()).as("file of %s", letter).isTrue();
            assertThat(letter.path("line").canConvertToLong()).as("line of %s", letter).isTrue();
            assertThat(letter.path("reason").asText()).as("reason of %s", letter).isNotBlank();
            assertThat(letter.path("original").isTextual()).as("original of %s", letter).isTrue();
        });
    }

    @Test
    void should_dead_letter_exactly_the_lines_of_the_gemini_log_that_are_not_json_on_their_own() throws IOException {
        Path gemini = Corpus.edgeCases().resolve(GEMINI);
        Map<Long, String> expected = linesThatAreNotJson(gemini);
        assertThat(expected).isNotEmpty();

        Map<Long, String> dead = new TreeMap<>();
        for (JsonNode letter : deadLetters) {
            if (letter.path("file").asText().equals(gemini.toString())) {
                assertThat(dead.put(letter.path("line").asLong(), letter.path("original").asText()))
                        .as("line %s dead-lettered once", letter.path("line")).isNull();
                assertThat(letter.path("reason").asText()).startsWith("not JSON");
            }
        }
        assertThat(dead).isEqualTo(expected);
    }

    @Test
    void should_count_every_dead_letter_in_the_summary_line() {
        assertThat(run.summary()[3]).as(run.printed()).isEqualTo(deadLetters.size());
    }

    @Test
    void should_import_the_messages_of_the_other_files() {
        assertThat(expectedPoints).hasSizeGreaterThanOrEqualTo(4);
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30))) {
            expectedPoints.forEach((collection, points) ->
                    assertThat(qdrant.count(collection)).as(collection).isEqualTo(points));
        }
    }

    /**
     * The lines, by number, that are not zero or more JSON values on their own, with their text. A last line
     * without a line break counts too: the corpus files have not changed for far longer than the importer
     * waits for a line still being written to be finished.
     */
    private static Map<Long, String> linesThatAreNotJson(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        String[] lines = content.split("\n", -1);
        Map<Long, String> notJson = new TreeMap<>();
        int count = content.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (!isJson(line)) {
                notJson.put(i + 1L, line);
            }
        }
        return notJson;
    }

    private static boolean isJson(String line) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(line)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String collectionOf(String projectDir) {
        return CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise(projectDir), "local");
    }
}
