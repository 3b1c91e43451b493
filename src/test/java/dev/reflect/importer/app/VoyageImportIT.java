package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.QdrantServer;
import dev.reflect.importer.testsupport.VoyageContractServer;
import dev.reflect.importer.testsupport.VoyageContractServer.Answer;
import dev.reflect.importer.testsupport.VoyageContractServer.Request;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports conversations with PREFER_LOCAL_EMBEDDINGS=false through the command line into a real Qdrant,
 * embedding with a local server that speaks Voyage AI's embeddings contract and answers as each test
 * scripts it. The real API is never called here (see VoyageLiveIT).
 */
class VoyageImportIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("VOYAGE_API_KEY", "test-key-not-real");
    /** 40 messages: 8 chunks of 5. */
    private static final int MESSAGES = 40;
    private static final int CHUNKS = 8;

    static QdrantServer qdrantServer;
    static QdrantStore qdrant;

    @TempDir
    Path work;

    VoyageContractServer voyage;
    Map<String, String> settings;
    String project;
    String voyageCollection;
    Path conversation;

    @BeforeAll
    static void startQdrant() {
        qdrantServer = QdrantServer.shared();
        qdrant = new QdrantStore(qdrantServer.host(), qdrantServer.grpcPort(), false, null, Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeClient() {
        qdrant.close();
    }

    @BeforeEach
    void writeAConversationAndStartTheContractServer(TestInfo test) throws IOException {
        voyage = new VoyageContractServer();
        project = "voyage-" + test.getTestMethod().orElseThrow().getName().hashCode() + "-" + System.nanoTime();
        voyageCollection = CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise("-home-you-" + project), "voyage");
        conversation = writeConversation(work.resolve("logs/-home-you-" + project), MESSAGES, 120);
        settings = new HashMap<>();
        settings.put("importer.logs-dir", work.resolve("logs").toString());
        settings.put("importer.state-file", work.resolve("state/imported-files.json").toString());
        settings.put("importer.dead-letter-file", work.resolve("dead-letters.jsonl").toString());
        settings.put("qdrant.url", qdrantServer.httpUrl());
        settings.put("qdrant.grpc-port", Integer.toString(qdrantServer.grpcPort()));
        settings.put("embedding.prefer-local", "false");
        settings.put("voyage.url", voyage.url());
        settings.put("voyage.batch-timeout-ms", "500");
        settings.put("voyage.timeout-ms", "1000");
        settings.put("voyage.retry-delay-ms", "100");
        settings.put("voyage.retry-max-delay-ms", "400");
    }

    @AfterEach
    void stopTheContractServer() {
        voyage.close();
    }

    @Test
    void should_embed_chunks_in_batches_and_store_each_once_in_a_1024_d_voyage_collection() throws Exception {
        Run run = reflect("import");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("Imported 1 files: " + MESSAGES + " messages, " + CHUNKS + " chunks");
        List<Request> requests = voyage.requests();
        assertThat(requests).hasSizeLessThan(CHUNKS).allSatisfy(r -> {
            assertThat(r.model()).isEqualTo("voyage-3-large");
            assertThat(r.inputType()).isEqualTo("document");
            assertThat(r.authorization()).isEqualTo("Bearer test-key-not-real");
            assertThat(r.input()).hasSizeBetween(1, 128);
        });
        assertStoredOnce();
        JsonNode vectors = collectionInfo(voyageCollection).at("/result/config/params/vectors");
        assertThat(vectors.path("size").asInt()).isEqualTo(1024);
        assertThat(vectors.path("distance").asText()).isEqualTo("Cosine");
        JsonNode state = MAPPER.readTree(Path.of(settings.get("importer.state-file")).toFile());
        JsonNode entry = state.path("imported_files").path(conversation.toString());
        assertThat(entry.path("provider").asText()).isEqualTo("voyage");
        assertThat(entry.path("collection").asText()).isEqualTo(voyageCollection);
    }

    @Test
    void should_wait_what_retry_after_says_after_a_429_then_store_every_chunk_once() throws Exception {
        voyage.then(Answer.retryAfter(429, "1"));

        Run run = reflect("import");

        assertThat(run.exit).as(run.output).isZero();
        List<Request> requests = voyage.requests();
        assertThat(requests).extracting(Request::status).containsExactly(429, 200);
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(requests.get(1).receivedNanos() - requests.get(0).receivedNanos());
        assertThat(gapMillis).isGreaterThanOrEqualTo(1000);
        assertThat(requests.get(1).input()).isEqualTo(requests.get(0).input());
        assertStoredOnce();
    }

    @Test
    void should_back_off_and_retry_after_429_without_retry_after_500_and_a_timeout_then_store_every_chunk_once()
            throws Exception {
        voyage.then(Answer.status(429, "Rate limit exceeded."), Answer.status(500, "Internal error"),
                Answer.slow(Duration.ofSeconds(3)));

        Run run = reflect("import");

        assertThat(run.exit).as(run.output).isZero();
        List<Request> requests = voyage.requests();
        assertThat(requests).extracting(Request::status).containsExactly(429, 500, 200, 200);
        assertThat(requests).extracting(Request::input).containsOnly(requests.get(0).input());
        long firstGap = TimeUnit.NANOSECONDS.toMillis(requests.get(1).receivedNanos() - requests.get(0).receivedNanos());
        assertThat(firstGap).as("backoff base 100 ms, jitter 15 %").isGreaterThanOrEqualTo(80);
        assertStoredOnce();
    }

    @Test
    void should_split_a_batch_the_api_finds_too_large_into_halves_and_never_send_it_again_as_is() throws Exception {
        voyage.maxInputs(3);

        Run run = reflect("import");

        assertThat(run.exit).as(run.output).isZero();
        List<Request> requests = voyage.requests();
        assertThat(requests.get(0).status()).isEqualTo(400);
        assertThat(requests.stream().filter(r -> r.status() == 400).map(Request::input).distinct().count())
                .as("each rejected batch sent once")
                .isEqualTo(requests.stream().filter(r -> r.status() == 400).count());
        assertThat(requests.stream().filter(r -> r.status() == 200)).allSatisfy(r -> assertThat(r.input()).hasSizeLessThanOrEqualTo(3));
        assertStoredOnce();
    }

    @Test
    void should_stop_on_401_without_retrying_exit_1_naming_it_and_record_nothing() throws Exception {
        voyage.then(Answer.status(401, "Provided API key is invalid."));

        Run run = reflect("import");

        assertThat(run.exit).isEqualTo(1);
        assertThat(run.output).contains("401").contains("VOYAGE_API_KEY").doesNotContain("test-key-not-real");
        assertThat(voyage.requests()).hasSize(1);
        Path state = Path.of(settings.get("importer.state-file"));
        if (Files.exists(state)) {
            assertThat(MAPPER.readTree(state.toFile()).path("imported_files").has(conversation.toString())).isFalse();
        }
        assertThat(qdrant.collections()).doesNotContain(voyageCollection);
    }

    @Test
    void should_cut_a_chunk_longer_than_the_context_and_mark_it_truncated() throws Exception {
        settings.put("voyage.max-tokens", "100");

        Run run = reflect("import");

        assertThat(run.exit).as(run.output).isZero();
        assertThat(voyage.embeddedTexts()).allSatisfy(text -> assertThat(text.length()).isLessThanOrEqualTo(300));
        Map<UUID, Map<String, Object>> points = qdrant.scrollAll(voyageCollection);
        assertThat(points).hasSize(CHUNKS).allSatisfy((id, payload) -> {
            assertThat(payload.get("truncated")).isEqualTo(true);
            assertThat(((String) payload.get("text")).length()).isGreaterThan(300);
        });
    }

    @Test
    void should_search_with_the_query_embedded_as_a_voyage_query() throws Exception {
        assertThat(reflect("import").exit).isZero();
        Map.Entry<UUID, Map<String, Object>> target = qdrant.scrollAll(voyageCollection).entrySet().iterator().next();
        String text = (String) target.getValue().get("text");

        Run run = reflect("search", text, "--project", "-home-you-" + project, "--limit", "2", "--json");

        assertThat(run.exit).as(run.output).isZero();
        Request query = voyage.requests().get(voyage.requests().size() - 1);
        assertThat(query.inputType()).isEqualTo("query");
        assertThat(query.input()).containsExactly(text);
        JsonNode results = MAPPER.readTree(run.output);
        assertThat(results.get(0).path("id").asText()).isEqualTo(target.getKey().toString());
    }

    @Test
    void should_import_a_file_again_into_the_other_providers_collection_when_the_provider_changes() throws Exception {
        String localCollection = CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise("-home-you-" + project), "local");
        settings.put("embedding.prefer-local", "true");
        assertThat(reflect("import").exit).isZero();
        assertThat(qdrant.count(localCollection)).isEqualTo(CHUNKS);

        settings.put("embedding.prefer-local", "false");
        Run voyageRun = reflect("import");

        assertThat(voyageRun.exit).as(voyageRun.output).isZero();
        assertThat(voyageRun.output).contains("Imported 1 files: " + MESSAGES + " messages, " + CHUNKS + " chunks");
        assertStoredOnce();
        assertThat(qdrant.count(localCollection)).isEqualTo(CHUNKS);
        JsonNode entry = MAPPER.readTree(Path.of(settings.get("importer.state-file")).toFile())
                .path("stream_position").path("file_metadata").path(conversation.toString());
        assertThat(entry.path("provider").asText()).isEqualTo("voyage");
        assertThat(entry.path("collection").asText()).isEqualTo(voyageCollection);

        int requestsBefore = voyage.requests().size();
        assertThat(reflect("import").output).contains("Imported 0 files");
        assertThat(voyage.requests()).hasSize(requestsBefore);

        settings.put("embedding.prefer-local", "true");
        Run backToLocal = reflect("import");
        assertThat(backToLocal.output).contains("Imported 1 files: " + MESSAGES + " messages, " + CHUNKS + " chunks");
        assertThat(qdrant.count(localCollection)).isEqualTo(CHUNKS);
        assertThat(qdrant.count(voyageCollection)).isEqualTo(CHUNKS);
    }

    /** Every chunk's text was embedded by exactly one successful request and is one point in the collection. */
    private void assertStoredOnce() {
        Map<UUID, Map<String, Object>> points = qdrant.scrollAll(voyageCollection);
        assertThat(points).hasSize(CHUNKS);
        List<String> texts = new ArrayList<>();
        points.values().forEach(p -> texts.add((String) p.get("text")));
        assertThat(voyage.embeddedTexts()).containsExactlyInAnyOrderElementsOf(texts);
    }

    private Run reflect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = new Reflect(print, print, settings, ENV).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String output) {
    }

    private JsonNode collectionInfo(String collection) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(qdrantServer.httpUrl() + "/collections/" + collection)).build(),
                HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(response.body());
    }

    /** A conversation of alternating user and assistant messages, each about {@code words} words long. */
    static Path writeConversation(Path projectDir, int messages, int words) throws IOException {
        Files.createDirectories(projectDir);
        String session = UUID.nameUUIDFromBytes(projectDir.toString().getBytes(StandardCharsets.UTF_8)).toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String role = i % 2 == 0 ? "user" : "assistant";
            StringBuilder text = new StringBuilder("Message " + i + " of " + projectDir.getFileName() + ":");
            for (int w = 0; w < words; w++) {
                text.append(' ').append(List.of("cache", "forecast", "redis", "latency", "retry", "vector").get((i + w) % 6));
            }
            Map<String, Object> record = Map.of("type", role, "sessionId", session, "uuid", UUID.randomUUID().toString(),
                    "timestamp", String.format("2025-10-02T09:%02d:00.000Z", i % 60),
                    "message", Map.of("role", role, "content", text.toString()));
            lines.add(MAPPER.writeValueAsString(record));
        }
        Path file = projectDir.resolve(session + ".jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }
}
