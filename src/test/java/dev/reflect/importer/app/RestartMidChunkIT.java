package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.app.StoredChunks.StoredChunk;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.MalformedLineException;
import dev.reflect.importer.transcript.Message;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation whose last chunk was partial when it was imported, then grew by two messages: the next import
 * stores that chunk again under the same point id, now with the new messages, and embeds nothing else. The end
 * result equals a clean import of the final file.
 */
class RestartMidChunkIT {

    /** 22 messages (4 full chunks and one of 2), no newline after its last line. */
    private static final Path SOURCE = Corpus.projects()
            .resolve("-Users-soph-Work-entire-devenv-cli/488c5296-fc78-4fdf-8cfd-f1cae9454bd0.jsonl");
    /** Where the two appended message lines come from. */
    private static final Path DONOR = Corpus.projects()
            .resolve("-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl");
    private static final String GROWN_PROJECT = "restart-mid-chunk-it-grown";
    private static final String WHOLE_PROJECT = "restart-mid-chunk-it-whole";
    private static final String CONVERSATION = StoredChunks.conversationOf(SOURCE);
    private static final TranscriptParser PARSER = new TranscriptParser(new ObjectMapper());

    static final QdrantServer SERVER = QdrantServer.shared();

    @TempDir
    Path work;

    @AfterAll
    static void dropTheCollections() {
        CliRun.deleteCollections(SERVER, List.of(StoredChunks.collectionOf(GROWN_PROJECT),
                StoredChunks.collectionOf(WHOLE_PROJECT)));
    }

    @Test
    void should_store_the_grown_partial_chunk_again_under_its_id_and_embed_nothing_else() throws IOException {
        int before = StoredChunks.messagesIn(SOURCE);
        assertThat(before % StoredChunks.CHUNK_SIZE).as("the last chunk is partial, with room for 2 more").isIn(1, 2);
        List<String> appended = oneMessageLines(DONOR, 2);
        byte[] grownBytes = grown(Files.readAllBytes(SOURCE), appended);
        int after = before + 2;
        int openChunk = before / StoredChunks.CHUNK_SIZE;

        // One logs root: the file that will grow, and beside it (another project) the final file, imported whole.
        Path logs = work.resolve("logs");
        Path growing = StoredChunks.copy(SOURCE, logs.resolve(GROWN_PROJECT));
        Path whole = Files.createDirectories(logs.resolve(WHOLE_PROJECT)).resolve(SOURCE.getFileName());
        Files.write(whole, grownBytes);
        Map<String, String> settings = CliRun.settings(logs, work, SERVER);

        CliRun first = CliRun.reflect(settings, "import");
        assertThat(first.exit()).as(first.printed()).isZero();
        assertThat(first.summary()).as(first.printed()).startsWith(2, before + after,
                StoredChunks.chunksFor(before) + StoredChunks.chunksFor(after));
        StoredChunk partial = StoredChunks.of(SERVER, GROWN_PROJECT, CONVERSATION).get((long) openChunk);
        assertThat(partial.id()).isEqualTo(PointIds.of(CONVERSATION, openChunk));
        assertThat(partial.messageCount()).isEqualTo(before % StoredChunks.CHUNK_SIZE);

        Files.write(growing, Files.readAllBytes(whole), StandardOpenOption.TRUNCATE_EXISTING);
        CliRun second = CliRun.reflect(settings, "import");
        assertThat(second.exit()).as(second.printed()).isZero();
        // Only the grown file was read again; of it, only the open chunk was embedded and stored (again).
        assertThat(second.summary()).as(second.printed()).startsWith(1, 2,
                StoredChunks.chunksFor(after) - before / StoredChunks.CHUNK_SIZE);

        Map<Long, StoredChunk> grownPoints = StoredChunks.of(SERVER, GROWN_PROJECT, CONVERSATION);
        StoredChunk regrown = grownPoints.get((long) openChunk);
        assertThat(regrown.id()).isEqualTo(partial.id());
        assertThat(regrown.messageCount()).isEqualTo(partial.messageCount() + 2);
        assertThat(regrown.text()).startsWith(partial.text()).isNotEqualTo(partial.text());
        for (String line : appended) {
            assertThat(regrown.text()).contains(firstMessageText(line));
        }
        assertThat(grownPoints).hasSize(StoredChunks.chunksFor(after))
                .isEqualTo(StoredChunks.of(SERVER, WHOLE_PROJECT, CONVERSATION));
    }

    /** The original bytes, a newline if the last line lacks one, then the appended lines, each with its newline. */
    private static byte[] grown(byte[] original, List<String> appended) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(original);
        if (original[original.length - 1] != '\n') {
            bytes.write('\n');
        }
        for (String line : appended) {
            bytes.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** The first {@code count} lines of a log that hold exactly one message each. */
    private static List<String> oneMessageLines(Path file, int count) throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (found.size() < count && messagesOf(line).size() == 1) {
                found.add(line);
            }
        }
        assertThat(found).as("lines with one message in %s", file).hasSize(count);
        return found;
    }

    private static String firstMessageText(String line) {
        return messagesOf(line).get(0).text();
    }

    private static List<Message> messagesOf(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try {
            return PARSER.parse(new Line(DONOR, 1, 0, bytes.length, bytes)).messages();
        } catch (MalformedLineException e) {
            return List.of();
        }
    }
}
