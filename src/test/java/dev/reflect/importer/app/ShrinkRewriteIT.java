package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reflect.importer.app.StoredChunks.StoredChunk;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log file that shrank or was rewritten is imported again from the start, and the conversation's points end
 * up exactly as a clean import of the new content leaves them: same ids and texts, no stale chunk left over.
 *
 * <p>Two imports serve all tests: the first stores the original files (in one project) and the new contents
 * (in another, the reference); then the originals are changed and the second import stores them again.
 */
class ShrinkRewriteIT {

    private static final String CHANGED_PROJECT = "shrink-rewrite-it-changed";
    private static final String EXPECTED_PROJECT = "shrink-rewrite-it-expected";
    /** 22 messages in 28 lines; rewritten as its first 12 lines with the first message's text changed. */
    private static final Path REWRITTEN = Corpus.projects()
            .resolve("-Users-soph-Work-entire-devenv-cli/488c5296-fc78-4fdf-8cfd-f1cae9454bd0.jsonl");
    private static final String REWRITTEN_FROM = "\"content\":\"I just tried to make a release";
    private static final String REWRITTEN_TO = "\"content\":\"REWRITTEN I just tried to make a release";
    /** 74 messages in 76 lines; truncated to its first 40 lines. */
    private static final Path TRUNCATED = Corpus.projects()
            .resolve("-Users-chip-dev-ai-music/ba79134d-b6e9-4867-af0c-6941038c9e4b.jsonl");
    /** 19 messages; its first message is changed and made longer, so the file grew: only its head tells. */
    private static final Path HEAD_CHANGED = Corpus.projects()
            .resolve("-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl");
    private static final String HEAD_FROM = "\"content\":\"push to github\"";
    private static final String HEAD_TO = "\"content\":\"push everything to github and open a pull request\"";
    /**
     * 32 lines (105 KB, the last without its newline); cut after line 16 (48 KB, well past its first 4 KB) and grown
     * past its old size between two imports: lines 19 to 32, then 17 and 18, then a new message. Its head and the growth in size
     * say "appended"; only the bytes before the recorded offset tell.
     */
    private static final Path CUT_AND_GROWN = Corpus.projects()
            .resolve("-Users-soph-Work-entire-devenv-cli/cef3602b-e191-46fd-aa56-68c030df67e5.jsonl");
    private static final String GROWN_MESSAGE = "CUT AND GROWN: a message written after the file was cut";

    static final QdrantServer SERVER = QdrantServer.shared();

    @TempDir
    static Path work;

    static CliRun second;

    @BeforeAll
    static void importOriginalsThenImportThemChanged() throws IOException {
        Path logs = work.resolve("logs");
        Map<Path, byte[]> changed = Map.of(
                REWRITTEN, rewritten(REWRITTEN, 12, REWRITTEN_FROM, REWRITTEN_TO),
                TRUNCATED, firstLines(Files.readAllBytes(TRUNCATED), 40),
                HEAD_CHANGED, replaced(Files.readAllBytes(HEAD_CHANGED), HEAD_FROM, HEAD_TO),
                CUT_AND_GROWN, cutAndGrown(Files.readAllBytes(CUT_AND_GROWN)));
        for (Map.Entry<Path, byte[]> e : changed.entrySet()) {
            StoredChunks.copy(e.getKey(), logs.resolve(CHANGED_PROJECT));
            Files.write(Files.createDirectories(logs.resolve(EXPECTED_PROJECT)).resolve(e.getKey().getFileName()),
                    e.getValue());
        }
        Map<String, String> settings = CliRun.settings(logs, work, SERVER);
        CliRun first = CliRun.reflect(settings, "import");
        assertThat(first.exit()).as(first.printed()).isZero();
        assertThat(first.summary()[0]).as(first.printed()).isEqualTo(8);

        for (Map.Entry<Path, byte[]> e : changed.entrySet()) {
            Files.write(logs.resolve(CHANGED_PROJECT).resolve(e.getKey().getFileName()), e.getValue());
        }
        second = CliRun.reflect(settings, "import");
        assertThat(second.exit()).as(second.printed()).isZero();
    }

    @AfterAll
    static void dropTheCollections() {
        CliRun.deleteCollections(SERVER, List.of(StoredChunks.collectionOf(CHANGED_PROJECT),
                StoredChunks.collectionOf(EXPECTED_PROJECT)));
    }

    @Test
    void should_import_every_changed_file_again_from_the_start() throws IOException {
        int messages = 0;
        int chunks = 0;
        for (Path file : List.of(REWRITTEN, TRUNCATED, HEAD_CHANGED, CUT_AND_GROWN)) {
            int inFile = StoredChunks.messagesIn(changedCopy(file));
            messages += inFile;
            chunks += StoredChunks.chunksFor(inFile);
        }
        assertThat(second.summary()).as(second.printed()).startsWith(4, messages, chunks, 0);
    }

    @Test
    void should_import_a_file_cut_and_grown_past_its_old_size_again_from_the_start() throws IOException {
        assertThat(Files.size(changedCopy(CUT_AND_GROWN))).isGreaterThan(Files.size(CUT_AND_GROWN));
        assertThat(Arrays.copyOf(Files.readAllBytes(changedCopy(CUT_AND_GROWN)), 4096))
                .as("its first 4 KB are unchanged").isEqualTo(Arrays.copyOf(Files.readAllBytes(CUT_AND_GROWN), 4096));

        Map<Long, StoredChunk> points = assertSameAsCleanImport(CUT_AND_GROWN);

        assertThat(points.get((long) points.size() - 1).text()).contains(GROWN_MESSAGE);
        assertStateRecordsTheNewFile(CUT_AND_GROWN, points.size());
        JsonNode meta = StoredChunks.state(work.resolve("state/imported-files.json")).path("stream_position")
                .path("file_metadata").path(changedCopy(CUT_AND_GROWN).toAbsolutePath().normalize().toString());
        byte[] bytes = Files.readAllBytes(changedCopy(CUT_AND_GROWN));
        int offset = meta.path("offset").asInt();
        assertThat(meta.path("tail_bytes").asInt()).isEqualTo(4096);
        assertThat(meta.path("tail").asText()).as("fingerprint of the 4 KB before the offset")
                .isEqualTo(sha256(Arrays.copyOfRange(bytes, offset - 4096, offset)));
    }

    @Test
    void should_leave_the_points_of_a_clean_import_when_a_file_is_rewritten_with_fewer_messages() throws IOException {
        Map<Long, StoredChunk> points = assertSameAsCleanImport(REWRITTEN);
        assertThat(points.size()).isLessThan(StoredChunks.chunksFor(StoredChunks.messagesIn(REWRITTEN)));
        assertThat(points.get(0L).text()).contains("REWRITTEN I just tried to make a release");
        assertStateRecordsTheNewFile(REWRITTEN, points.size());
    }

    @Test
    void should_leave_the_points_of_a_clean_import_when_a_file_is_truncated() throws IOException {
        Map<Long, StoredChunk> points = assertSameAsCleanImport(TRUNCATED);
        assertThat(points.size()).isLessThan(StoredChunks.chunksFor(StoredChunks.messagesIn(TRUNCATED)));
        assertStateRecordsTheNewFile(TRUNCATED, points.size());
    }

    @Test
    void should_import_a_file_again_when_only_its_head_changed_even_though_it_grew() throws IOException {
        assertThat(Files.size(changedCopy(HEAD_CHANGED))).isGreaterThan(Files.size(HEAD_CHANGED));
        Map<Long, StoredChunk> points = assertSameAsCleanImport(HEAD_CHANGED);
        assertThat(points.get(0L).text()).contains("push everything to github and open a pull request");
        assertStateRecordsTheNewFile(HEAD_CHANGED, points.size());
    }

    private static Map<Long, StoredChunk> assertSameAsCleanImport(Path original) {
        String conversation = StoredChunks.conversationOf(original);
        Map<Long, StoredChunk> changed = StoredChunks.of(SERVER, CHANGED_PROJECT, conversation);
        Map<Long, StoredChunk> expected = StoredChunks.of(SERVER, EXPECTED_PROJECT, conversation);
        assertThat(expected).as("clean import of the new content").hasSize(
                StoredChunks.chunksFor(StoredChunks.messagesIn(changedCopy(original))));
        assertThat(changed).as("points of %s after it changed", conversation).isEqualTo(expected);
        return changed;
    }

    private static void assertStateRecordsTheNewFile(Path original, int chunks) throws IOException {
        Path file = changedCopy(original);
        String key = file.toAbsolutePath().normalize().toString();
        JsonNode state = StoredChunks.state(work.resolve("state/imported-files.json"));
        JsonNode meta = state.path("stream_position").path("file_metadata").path(key);
        byte[] bytes = Files.readAllBytes(file);
        int headBytes = Math.min(bytes.length, 4096);
        assertThat(meta.path("head").asText()).as("head of %s", key).isEqualTo(sha256(Arrays.copyOf(bytes, headBytes)));
        assertThat(meta.path("head_bytes").asLong()).isEqualTo(headBytes);
        assertThat(meta.path("size").asLong()).isEqualTo(bytes.length);
        assertThat(state.path("imported_files").path(key).path("chunks").asInt()).isEqualTo(chunks);
        assertThat(state.path("imported_files").path(key).path("messages").asInt())
                .isEqualTo(StoredChunks.messagesIn(file));
    }

    private static Path changedCopy(Path original) {
        return work.resolve("logs").resolve(CHANGED_PROJECT).resolve(original.getFileName());
    }

    private static byte[] rewritten(Path file, int lines, String from, String to) throws IOException {
        return replaced(firstLines(Files.readAllBytes(file), lines), from, to);
    }

    /** Lines 1-16, 19-32, 17-18 and a new user message: cut after line 16, then grown past the old size. */
    private static byte[] cutAndGrown(byte[] bytes) {
        List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n", -1));
        assertThat(lines).hasSize(32);
        List<String> grown = new java.util.ArrayList<>(lines.subList(0, 16));
        grown.addAll(lines.subList(18, 32));
        grown.addAll(lines.subList(16, 18));
        String user = lines.get(3);
        assertThat(user).contains("\"type\":\"user\"").contains("\"content\":\"I think we can also remove");
        grown.add(user.replaceFirst("\"content\":\"[^\"]*\"", "\"content\":\"" + GROWN_MESSAGE + "\""));
        return (String.join("\n", grown) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] firstLines(byte[] bytes, int lines) {
        int end = 0;
        for (int seen = 0; seen < lines; end++) {
            if (bytes[end] == '\n') {
                seen++;
            }
        }
        return Arrays.copyOf(bytes, end);
    }

    private static byte[] replaced(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
