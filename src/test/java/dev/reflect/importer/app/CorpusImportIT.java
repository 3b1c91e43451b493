package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import dev.reflect.importer.transcript.LineReader;
import dev.reflect.importer.transcript.MalformedLineException;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports the shared corpus of real Claude Code logs into a real Qdrant server through the command
 * line, as a user would, and checks what lands there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CorpusImportIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path work;

    static QdrantServer server;
    static QdrantStore qdrant;
    static Map<String, String> settings;
    static Map<String, Integer> expectedMessages;
    static String firstRunOutput;
    static int firstRunExit;

    @BeforeAll
    static void importTheCorpusOnce() throws IOException {
        server = QdrantServer.shared();
        qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, java.time.Duration.ofSeconds(30));
        settings = new HashMap<>();
        settings.put("importer.logs-dir", Corpus.projects().toString());
        settings.put("importer.state-file", work.resolve("state/imported-files.json").toString());
        settings.put("importer.dead-letter-file", work.resolve("dead-letters.jsonl").toString());
        settings.put("qdrant.url", server.httpUrl());
        settings.put("qdrant.grpc-port", Integer.toString(server.grpcPort()));
        expectedMessages = messagesPerConversation(Corpus.projects());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        firstRunExit = reflect(out, "import");
        firstRunOutput = out.toString(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void closeClient() {
        qdrant.close();
    }

    @Test
    @Order(1)
    void should_import_the_corpus_and_print_a_summary() {
        assertThat(firstRunExit).as(firstRunOutput).isZero();
        int files = expectedMessages.size();
        int messages = expectedMessages.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(firstRunOutput).contains("Imported ").contains(" messages").contains(" chunks").contains(" malformed lines");
        assertThat(firstRunOutput).contains(messages + " messages");
        assertThat(firstRunOutput).containsPattern("Imported " + files + " files");
    }

    @Test
    @Order(2)
    void should_store_each_project_in_the_collection_the_mcp_server_searches() {
        assertThat(qdrant.collections()).contains("conv_e3311b60_local", "conv_b468ec5c_local");
        Map<String, Long> expectedPerCollection = new TreeMap<>();
        expectedMessages.forEach((file, messages) -> {
            String project = Corpus.projects().relativize(Path.of(file)).getName(0).toString();
            expectedPerCollection.merge(CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise(project), "local"),
                    (long) Math.ceil(messages / 5.0), Long::sum);
        });
        expectedPerCollection.values().removeIf(points -> points == 0);
        assertThat(qdrant.collections()).containsAll(expectedPerCollection.keySet());
        expectedPerCollection.forEach((collection, points) ->
                assertThat(qdrant.count(collection)).as(collection).isEqualTo(points));
    }

    @Test
    @Order(3)
    void should_store_ceil_of_messages_over_five_points_per_conversation_under_deterministic_ids() {
        String file = Corpus.projects().resolve("-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl").toString();
        int messages = expectedMessages.get(file);
        Map<UUID, Map<String, Object>> points = qdrant.scrollAll("conv_e3311b60_local");
        long forConversation = points.values().stream()
                .filter(p -> "d3ad4cdc-5657-435d-98fa-0035d53e383d".equals(p.get("conversation_id"))).count();
        assertThat(forConversation).isEqualTo((long) Math.ceil(messages / 5.0));
        assertThat(points).containsKey(PointIds.of("d3ad4cdc-5657-435d-98fa-0035d53e383d", 0));
    }

    @Test
    @Order(4)
    void should_give_every_point_the_payload_fields_with_their_types() {
        Map<UUID, Map<String, Object>> points = qdrant.scrollAll("conv_b468ec5c_local");
        assertThat(points).isNotEmpty();
        for (Map<String, Object> p : points.values()) {
            assertThat(p.get("text")).isInstanceOf(String.class);
            assertThat(p.get("conversation_id")).isInstanceOf(String.class);
            assertThat(p.get("chunk_index")).isInstanceOf(Long.class);
            assertThat((String) p.get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(p.get("project")).isEqualTo("sample-project");
            assertThat(p.get("project_dir")).isEqualTo("sample-project");
            assertThat(p.get("start_role")).isIn("user", "assistant");
            assertThat((Long) p.get("message_count")).isBetween(1L, 5L);
            assertThat(p.get("tools_used")).isInstanceOf(List.class);
            assertThat(p.get("files_analyzed")).isInstanceOf(List.class);
            assertThat(p.get("files_edited")).isInstanceOf(List.class);
            assertThat(p.get("concepts")).isInstanceOf(List.class);
            assertThat((String) p.get("source_file")).startsWith("sample-project/").endsWith(".jsonl");
            assertThat((Long) p.get("line_end")).isGreaterThanOrEqualTo((Long) p.get("line_start"));
            assertThat(p.get("is_sidechain")).isInstanceOf(Boolean.class);
            assertThat(p.get("session_id")).isInstanceOf(String.class);
        }
    }

    @Test
    @Order(5)
    void should_make_384_dimensional_cosine_collections() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.httpUrl() + "/collections/conv_e3311b60_local")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode vectors = MAPPER.readTree(response.body()).at("/result/config/params/vectors");
        assertThat(vectors.path("size").asInt()).isEqualTo(384);
        assertThat(vectors.path("distance").asText()).isEqualTo("Cosine");
    }

    @Test
    @Order(6)
    void should_find_a_chunk_first_when_searching_for_a_sentence_taken_from_it() throws IOException {
        Map<UUID, Map<String, Object>> points = qdrant.scrollAll("conv_e3311b60_local");
        Map.Entry<UUID, Map<String, Object>> target = points.entrySet().stream()
                .filter(e -> ((String) e.getValue().get("text")).length() > 400)
                .findFirst().orElseThrow();
        String text = (String) target.getValue().get("text");
        String sentence = text.substring(0, 300);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = reflect(out, "search", sentence, "--project", "-Users-chip-dev-ai-music", "--limit", "3", "--json");

        assertThat(exit).isZero();
        JsonNode results = MAPPER.readTree(out.toByteArray());
        assertThat(results.get(0).path("id").asText()).isEqualTo(target.getKey().toString());
        assertThat(results.get(0).path("project").asText()).isEqualTo("ai-music");
    }

    @Test
    @Order(7)
    void should_add_nothing_when_importing_the_same_logs_again() throws IOException {
        Map<String, Long> before = pointsPerCollection();
        String stateBefore = Files.readString(Path.of(settings.get("importer.state-file")));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = reflect(out, "import");

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Imported 0 files: 0 messages, 0 chunks");
        assertThat(pointsPerCollection()).isEqualTo(before);
        JsonNode state = MAPPER.readTree(stateBefore);
        assertThat(state.path("imported_files").size()).isEqualTo(countJsonl(Corpus.projects()));
        assertThat(state.path("stream_position").path("file_metadata").size()).isEqualTo(countJsonl(Corpus.projects()));
    }

    private static Map<String, Long> pointsPerCollection() {
        Map<String, Long> counts = new TreeMap<>();
        qdrant.collections().forEach(c -> counts.put(c, qdrant.count(c)));
        return counts;
    }

    static int reflect(ByteArrayOutputStream out, String... args) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new Reflect(print, print, settings).run(args);
    }

    private static long countJsonl(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).count();
        }
    }

    /** Messages per file as the parser counts them (the parser's rules are checked by its own tests). */
    static Map<String, Integer> messagesPerConversation(Path root) throws IOException {
        TranscriptParser parser = new TranscriptParser(MAPPER);
        Map<String, Integer> counts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                int messages = 0;
                try (LineReader lines = LineReader.open(file, 0, 1, parser::isCompleteJson)) {
                    while (lines.hasNext()) {
                        try {
                            messages += parser.parse(lines.next()).messages().size();
                        } catch (MalformedLineException e) {
                            // counted by the importer as malformed; no message
                        }
                    }
                }
                counts.put(file.toString(), messages);
            }
        }
        return counts;
    }
}
