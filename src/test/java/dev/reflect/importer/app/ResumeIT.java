package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.LineReader;
import dev.reflect.importer.transcript.MalformedLineException;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation that grows between two imports ends up in Qdrant exactly as if it had been imported once,
 * whole: the later run picks up where the earlier one stopped, nothing lost or duplicated.
 */
class ResumeIT {

    private static final String CONVERSATION = "d3ad4cdc-5657-435d-98fa-0035d53e383d";
    private static final Path SOURCE = Corpus.projects().resolve("-Users-chip-dev-ai-music/" + CONVERSATION + ".jsonl");
    private static final String GROWN_PROJECT = "resume-it-grown";
    private static final String WHOLE_PROJECT = "resume-it-whole";
    private static final List<String> COMPARED_FIELDS = List.of(
            "conversation_id", "text", "message_count", "start_role", "line_start", "line_end", "tools_used", "timestamp");

    @TempDir
    Path work;

    final QdrantServer server = QdrantServer.shared();

    @AfterEach
    void dropTheCollections() {
        CliRun.deleteCollections(server, List.of(collectionOf(GROWN_PROJECT), collectionOf(WHOLE_PROJECT)));
    }

    @Test
    void should_store_a_conversation_imported_in_two_parts_exactly_as_one_imported_whole() throws IOException {
        byte[] whole = Files.readAllBytes(SOURCE);
        List<Integer> messagesPerLine = new ArrayList<>();
        List<Long> lineEnds = new ArrayList<>();
        readLines(messagesPerLine, lineEnds);
        int allMessages = messagesPerLine.stream().mapToInt(Integer::intValue).sum();
        // The first part: about 40 % of the lines, moved on to a cut inside a chunk so the second run must
        // read the open chunk's messages again and store it again, complete.
        int cutLine = lineEnds.size() * 2 / 5;
        while (messagesBefore(messagesPerLine, cutLine) % 5 == 0) {
            cutLine++;
        }
        int firstPartMessages = messagesBefore(messagesPerLine, cutLine);
        int cut = Math.toIntExact(lineEnds.get(cutLine - 1));

        Path wholeWork = Files.createDirectories(work.resolve("whole"));
        Path wholeLogs = Files.createDirectories(wholeWork.resolve("logs").resolve(WHOLE_PROJECT));
        Files.write(wholeLogs.resolve(SOURCE.getFileName()), whole);
        CliRun once = CliRun.reflect(CliRun.settings(wholeLogs.getParent(), wholeWork, server), "import");
        assertThat(once.exit()).as(once.printed()).isZero();
        assertThat(once.out()).contains("Imported 1 files: " + allMessages + " messages");

        Path grownWork = Files.createDirectories(work.resolve("grown"));
        Path grownLogs = Files.createDirectories(grownWork.resolve("logs").resolve(GROWN_PROJECT));
        Path growing = grownLogs.resolve(SOURCE.getFileName());
        Map<String, String> settings = CliRun.settings(grownLogs.getParent(), grownWork, server);
        Files.write(growing, Arrays.copyOfRange(whole, 0, cut));
        CliRun first = CliRun.reflect(settings, "import");
        assertThat(first.exit()).as(first.printed()).isZero();
        assertThat(first.out()).contains("Imported 1 files: " + firstPartMessages + " messages, "
                + chunks(firstPartMessages) + " chunks");

        Files.write(growing, Arrays.copyOfRange(whole, cut, whole.length), StandardOpenOption.APPEND);
        CliRun second = CliRun.reflect(settings, "import");
        assertThat(second.exit()).as(second.printed()).isZero();
        // Only messages not stored before count as new: the re-read messages of the open chunk do not.
        // Chunks: the open chunk is stored again, complete, with those after it.
        assertThat(second.out()).contains("Imported 1 files: " + (allMessages - firstPartMessages) + " messages, "
                + (chunks(allMessages) - firstPartMessages / 5) + " chunks");

        Map<Long, Map<String, Object>> grown = pointsByChunkIndex(GROWN_PROJECT);
        Map<Long, Map<String, Object>> importedWhole = pointsByChunkIndex(WHOLE_PROJECT);
        assertThat(importedWhole).hasSize(chunks(allMessages));
        assertThat(grown.keySet()).containsExactlyElementsOf(importedWhole.keySet());
        importedWhole.forEach((index, expected) ->
                assertThat(grown.get(index)).as("chunk %d", index).isEqualTo(expected));
    }

    /** Messages per line and where each line ends, as the importer reads and parses them. */
    private static void readLines(List<Integer> messagesPerLine, List<Long> lineEnds) {
        TranscriptParser parser = new TranscriptParser(new ObjectMapper());
        try (LineReader lines = LineReader.open(SOURCE, 0, 1, parser::isCompleteJson)) {
            while (lines.hasNext()) {
                Line line = lines.next();
                int messages;
                try {
                    messages = parser.parse(line).messages().size();
                } catch (MalformedLineException e) {
                    messages = 0;
                }
                messagesPerLine.add(messages);
                lineEnds.add(line.endOffset());
            }
        }
    }

    private static int chunks(int messages) {
        return (messages + 4) / 5;
    }

    private static int messagesBefore(List<Integer> messagesPerLine, int lines) {
        return messagesPerLine.subList(0, lines).stream().mapToInt(Integer::intValue).sum();
    }

    private Map<Long, Map<String, Object>> pointsByChunkIndex(String project) {
        Map<Long, Map<String, Object>> byIndex = new TreeMap<>();
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30))) {
            qdrant.scrollAll(collectionOf(project)).values().forEach(payload -> {
                Map<String, Object> compared = new TreeMap<>();
                COMPARED_FIELDS.forEach(field -> compared.put(field, payload.get(field)));
                assertThat(byIndex.put((Long) payload.get("chunk_index"), compared))
                        .as("one point per chunk index").isNull();
            });
        }
        return byIndex;
    }

    private static String collectionOf(String project) {
        return CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise(project), "local");
    }
}
