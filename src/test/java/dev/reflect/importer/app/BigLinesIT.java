package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation with a pasted 12 MB screenshot (base64 in the user message), a pasted 40 MB text and a 5 MB line
 * cut off mid-string, among ordinary messages, imported by {@code ./reflect import} itself, with the heap and JVM
 * flags the script gives it (a 48 MB heap): it finishes, stores every ordinary message, the 40 MB message cut, and
 * dead-letters the broken line with its start only. The files are made here, never committed.
 */
class BigLinesIT {

    private static final String PROJECT = "-Users-test-Code-biglines";
    private static final int ORDINARY = 12;
    private static final Pattern SUMMARY = Pattern.compile(
            "Imported (\\d+) files: (\\d+) messages, (\\d+) chunks, (\\d+) malformed lines");

    @TempDir
    static Path work;

    static QdrantServer server;
    static int exit;
    static boolean exited;
    static String output;
    static long seconds;
    static Map<java.util.UUID, Map<String, Object>> points;
    static List<JsonNode> deadLetters;

    @BeforeAll
    static void importTheBigLines() throws IOException, InterruptedException {
        server = QdrantServer.shared();
        Path logs = work.resolve("logs");
        Path file = Files.createDirectories(logs.resolve(PROJECT)).resolve("big-lines.jsonl");
        writeConversation(file);
        Path out = work.resolve("import.log");
        long start = System.nanoTime();
        Process process = JarRun.startScript("import", logs, work, server, out);
        exited = process.waitFor(6, TimeUnit.MINUTES);
        if (!exited) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        seconds = (System.nanoTime() - start) / 1_000_000_000L;
        exit = process.exitValue();
        output = Files.readString(out, StandardCharsets.UTF_8);
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30))) {
            points = qdrant.collections().contains(StoredChunks.collectionOf(PROJECT))
                    ? qdrant.scrollAll(StoredChunks.collectionOf(PROJECT)) : Map.of();
        }
        deadLetters = new ArrayList<>();
        Path letters = work.resolve("dead-letters/malformed-lines.jsonl");
        if (Files.exists(letters)) {
            for (String line : Files.readAllLines(letters, StandardCharsets.UTF_8)) {
                deadLetters.add(new ObjectMapper().readTree(line));
            }
        }
    }

    @AfterAll
    static void dropTheCollection() {
        if (server != null) {
            CliRun.deleteCollections(server, List.of(StoredChunks.collectionOf(PROJECT)));
        }
    }

    @Test
    void should_finish_with_exit_code_0_and_no_out_of_memory_error() {
        assertThat(exited).as("import finished within 6 minutes%n%s", output).isTrue();
        assertThat(exit).as(output).isZero();
        assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("Exception occurred during execution");
    }

    @Test
    void should_count_every_message_and_the_broken_line_in_the_summary() {
        Matcher m = SUMMARY.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        assertThat(Long.parseLong(m.group(1))).as("files").isEqualTo(1);
        assertThat(Long.parseLong(m.group(2))).as("messages").isEqualTo(ORDINARY + 3);
        assertThat(Long.parseLong(m.group(4))).as("malformed lines").isEqualTo(1);
    }

    @Test
    void should_store_the_chunks_of_every_ordinary_message() {
        String all = allText();
        for (int i = 0; i < ORDINARY; i++) {
            assertThat(all).contains("ordinary message number " + i + " about caching forecasts");
        }
        assertThat(points).hasSize((int) Math.ceil((ORDINARY + 3) / 5.0));
    }

    @Test
    void should_keep_the_text_of_the_screenshot_message_and_none_of_its_base64() {
        assertThat(allText()).contains("what does this screenshot show?").doesNotContain("iVBORw0KGgo");
    }

    @Test
    void should_store_the_40_mb_message_cut() {
        String text = points.values().stream().map(p -> (String) p.get("text"))
                .filter(t -> t.contains("PASTED-LOG-START")).findFirst().orElseThrow();

        assertThat(text).contains("[cut: the message was longer than 65536 characters]").doesNotContain("PASTED-LOG-END");
        assertThat(text.length()).isLessThan(5 * 70_000);
    }

    @Test
    void should_dead_letter_the_broken_line_with_a_reason_and_only_its_start() {
        assertThat(deadLetters).hasSize(1);
        JsonNode letter = deadLetters.get(0);
        assertThat(letter.path("line").asLong()).isEqualTo(ORDINARY / 2 + 4);
        assertThat(letter.path("reason").asText()).startsWith("not JSON");
        assertThat(letter.path("original").asText().length()).isLessThanOrEqualTo(64 * 1024);
        assertThat(letter.path("original_cut").asBoolean()).isTrue();
        assertThat(letter.path("bytes").asLong()).isGreaterThan(5L * 1024 * 1024);
    }

    private static String allText() {
        StringBuilder all = new StringBuilder();
        points.values().forEach(p -> all.append(p.get("text")).append('\n'));
        return all.toString();
    }

    /**
     * Lines: ORDINARY/2 ordinary messages, the screenshot, the 40 MB text, its answer, the broken line, then the
     * other ordinary messages.
     */
    private static void writeConversation(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < ORDINARY / 2; i++) {
                ordinary(out, i);
            }
            out.write("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":"
                    + "{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"");
            char[] row = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk".toCharArray();
            for (long n = 0; n < 12L * 1024 * 1024; n += row.length) {
                out.write(row);
            }
            out.write("\"}},{\"type\":\"text\",\"text\":\"what does this screenshot show?\"}]},"
                    + "\"timestamp\":\"2025-06-01T10:00:00Z\",\"sessionId\":\"s\"}\n");
            out.write("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"PASTED-LOG-START ");
            String block = "2025-06-01 10:00:00 INFO request served in 12 ms\\n".repeat(200);
            for (long n = 0; n < 40L * 1024 * 1024; n += block.length()) {
                out.write(block);
            }
            out.write(" PASTED-LOG-END\"},\"timestamp\":\"2025-06-01T10:01:00Z\",\"sessionId\":\"s\"}\n");
            out.write("{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":\"That log is long.\"}}\n");
            out.write("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"");
            for (long n = 0; n < 5L * 1024 * 1024; n += block.length()) {
                out.write(block);
            }
            out.write("\n");
            for (int i = ORDINARY / 2; i < ORDINARY; i++) {
                ordinary(out, i);
            }
        }
    }

    private static void ordinary(Writer out, int i) throws IOException {
        String role = i % 2 == 0 ? "user" : "assistant";
        out.write("{\"type\":\"" + role + "\",\"message\":{\"role\":\"" + role + "\",\"content\":\"ordinary message number "
                + i + " about caching forecasts\"},\"timestamp\":\"2025-06-01T09:0" + (i % 10) + ":00Z\",\"sessionId\":\"s\"}\n");
    }
}
