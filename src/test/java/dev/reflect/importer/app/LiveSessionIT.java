package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.main.Main;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live session: {@code watch} follows a file as Claude Code appends to it, in bursts, including a line
 * written in two halves, and every message lands in Qdrant exactly once, in the right chunk, the last
 * chunk's text growing as messages arrive; and it is served before a backlog that only looks live.
 */
class LiveSessionIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROJECT = "-home-me-code-live-session";
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Chunks of the whole corpus (CorpusImportIT checks the figure). */
    private static final int CORPUS_CHUNKS = 589;

    @TempDir
    Path work;

    private QdrantServer server;
    private QdrantStore qdrant;
    private Main watch;
    private Path session;
    private String conversation;
    private String collection;
    private final List<String> sent = new ArrayList<>();

    private Path logs;

    @BeforeEach
    void createTheSession() throws Exception {
        server = QdrantServer.shared();
        qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30));
        logs = work.resolve("projects");
        session = logs.resolve(PROJECT).resolve(UUID.randomUUID() + ".jsonl");
        Files.createDirectories(session.getParent());
        Files.createFile(session);
        conversation = session.getFileName().toString().replace(".jsonl", "");
        collection = CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise(PROJECT), "local");
    }

    private void startWatching() {
        watch = new Main();
        Map<String, String> settings = CliRun.settings(logs, work, server);
        settings.put("importer.mode", "watch");
        settings.put("importer.hot-poll-ms", "200");
        settings.forEach(watch::addOverrideProperty);
        watch.start();
    }

    @AfterEach
    void stopWatching() {
        if (watch != null) {
            watch.stop();
        }
        CliRun.deleteCollections(server, qdrant.collections());
        qdrant.close();
    }

    @Test
    void should_store_every_appended_message_once_in_its_chunk_as_the_session_grows() throws Exception {
        startWatching();

        append(3);
        assertEventually(() -> chunkTexts().size() == 1 && messageCount(0) == 3);
        String partial = chunkText(0);

        append(4);
        assertEventually(() -> chunkTexts().size() == 2 && messageCount(1) == 2);
        assertThat(chunkText(0)).startsWith(partial).hasSizeGreaterThan(partial.length());

        appendInTwoHalves();
        assertEventually(() -> messageCount(1) == 3);

        append(6);
        assertEventually(() -> chunkTexts().size() == 3 && messageCount(2) == 4);

        List<String> texts = chunkTexts();
        for (int i = 0; i < sent.size(); i++) {
            String marker = sent.get(i);
            int chunk = i / 5;
            for (int c = 0; c < texts.size(); c++) {
                int occurrences = texts.get(c).split(java.util.regex.Pattern.quote(marker), -1).length - 1;
                assertThat(occurrences).as("message %d (%s) in chunk %d", i, marker, c).isEqualTo(c == chunk ? 1 : 0);
            }
        }
        assertThat(qdrant.count(collection)).isEqualTo(3);
    }

    @Test
    void should_serve_a_live_session_before_a_logs_folder_copied_a_minute_ago() throws Exception {
        // Every copied file was modified just now, but none was imported: a backlog, not thirty live sessions.
        Corpus.projectsAged(logs, Duration.ZERO);
        startWatching();

        append(2);
        assertEventually(() -> messageCount(0) == 2);

        long backlogStored = 0;
        for (String other : qdrant.collections()) {
            backlogStored += other.equals(collection) ? 0 : qdrant.count(other);
        }
        assertThat(backlogStored).as("chunks of the copied folder stored before the live session's first chunk "
                + "(of %d)", CORPUS_CHUNKS).isLessThan(CORPUS_CHUNKS / 2);
    }

    private void append(int messages) throws IOException {
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < messages; i++) {
            burst.append(nextLine()).append('\n');
        }
        write(burst.toString());
    }

    /** One line written as Claude Code might be caught mid-write: half, a pause, the rest with its newline. */
    private void appendInTwoHalves() throws Exception {
        String line = nextLine();
        write(line.substring(0, line.length() / 2));
        long storedBefore = qdrant.count(collection);
        Thread.sleep(600); // the pause between the two halves of the write, not a wait for a result
        assertThat(messageCount(1)).as("half a line is not taken for a message").isEqualTo(2);
        assertThat(qdrant.count(collection)).isEqualTo(storedBefore);
        write(line.substring(line.length() / 2) + "\n");
    }

    private String nextLine() throws IOException {
        int index = sent.size();
        String marker = "msg-" + index + "-" + UUID.randomUUID();
        sent.add(marker);
        String role = index % 2 == 0 ? "user" : "assistant";
        ObjectNode record = MAPPER.createObjectNode();
        record.put("type", role);
        record.put("sessionId", conversation);
        record.put("timestamp", "2026-11-21T10:00:" + String.format("%02d", index) + "Z");
        ObjectNode message = record.putObject("message");
        message.put("role", role);
        message.put("content", "Message " + index + " " + marker + " about the live importer.");
        return MAPPER.writeValueAsString(record);
    }

    private void write(String text) throws IOException {
        try (OutputStream out = Files.newOutputStream(session, StandardOpenOption.APPEND)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private List<String> chunkTexts() {
        List<String> texts = new ArrayList<>();
        for (int chunk = 0; ; chunk++) {
            var payload = qdrant.payloadOf(collection, PointIds.of(conversation, chunk));
            if (payload.isEmpty()) {
                return texts;
            }
            texts.add((String) payload.get().get("text"));
        }
    }

    private String chunkText(int chunk) {
        return chunkTexts().get(chunk);
    }

    private long messageCount(int chunk) {
        return qdrant.payloadOf(collection, PointIds.of(conversation, chunk))
                .map(p -> (Long) p.get("message_count")).orElse(0L);
    }

    private static void assertEventually(Supplier<Boolean> condition) {
        Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(condition::get);
    }
}
