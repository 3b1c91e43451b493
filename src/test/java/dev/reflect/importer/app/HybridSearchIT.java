package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.onnx.ModelFiles;
import dev.reflect.importer.embedding.onnx.OnnxEmbedder;
import dev.reflect.importer.qdrant.ChunkPoint;
import dev.reflect.importer.qdrant.CollectionLayout;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.search.SearchException;
import dev.reflect.importer.search.SearchHit;
import dev.reflect.importer.search.SearchQuery;
import dev.reflect.importer.search.SearchService;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hybrid search against a real Qdrant and the real model, over real logs imported by the real importer: what is
 * stored (a multivector of the text's windows, a BM25 vector), what it finds (the end of a long chunk, an
 * identifier), decay, filters, and claude-self-reflect's plain single-vector search on the same collections.
 */
class HybridSearchIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROJECT = "hybrid-search-it";
    private static final String OTHER_PROJECT = "hybrid-search-other";

    @TempDir
    static Path work;

    static QdrantServer server;
    static QdrantStore qdrant;
    static OnnxEmbedder embedder;
    static SearchService search;
    static String collection;

    @BeforeAll
    static void importRealLogsIntoTwoProjects() throws Exception {
        server = QdrantServer.shared();
        Path logs = work.resolve("logs");
        copy("-Users-alex-workspace-cli--worktrees-2/e8106766-ab6a-43ed-8849-77d5114eaff1.jsonl", logs.resolve(PROJECT));
        copy("-Users-alex-workspace-cli/0cf3db51-1c73-43bb-8d05-dc02739514a5.jsonl", logs.resolve(PROJECT));
        copy("-Users-alex-workspace-cli--worktrees-2/7505c804-ef06-4be0-a866-480597e6bbc1.jsonl", logs.resolve(PROJECT));
        copy("-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl", logs.resolve(OTHER_PROJECT));
        CliRun run = CliRun.reflect(CliRun.settings(logs, work, server), "import");
        assertThat(run.exit()).as(run.printed()).isZero();
        qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30));
        ModelFiles files = ModelFiles.extract(Path.of("target", "model-cache"));
        embedder = new OnnxEmbedder(files.model(), files.tokenizer(), 256);
        search = new SearchService(qdrant, CollectionNames.UNPREFIXED, embedder, false, 0.3, 90, Duration.ofSeconds(10), Clock.systemUTC());
        collection = CollectionNames.UNPREFIXED.conversations(PROJECT, "local");
    }

    @AfterAll
    static void close() {
        embedder.close();
        qdrant.close();
    }

    @Test
    void should_store_every_window_of_a_chunk_as_a_multivector_and_its_words_as_bm25() throws Exception {
        JsonNode points = rest("/collections/" + collection + "/points/scroll",
                "{\"limit\":1000,\"with_vector\":true,\"with_payload\":[\"text\"]}").at("/result/points");
        assertThat(points.size()).isEqualTo((int) qdrant.count(collection));
        int longChunks = 0;
        for (JsonNode point : points) {
            String text = point.at("/payload/text").asText();
            int windows = embedder.embedWindows(text, 32).vectors().length;
            JsonNode dense = point.at("/vector/");
            assertThat(dense.size()).as("windows of point %s", point.path("id")).isEqualTo(windows);
            assertThat(dense.get(0).size()).isEqualTo(384);
            assertThat(point.at("/vector/bm25/indices").size()).as("BM25 terms").isPositive();
            longChunks += windows > 1 ? 1 : 0;
        }
        assertThat(longChunks).as("chunks longer than one window").isGreaterThan(10);
        JsonNode config = rest("/collections/" + collection, null).at("/result/config/params");
        assertThat(config.at("/vectors/multivector_config/comparator").asText()).isEqualTo("max_sim");
        assertThat(config.at("/sparse_vectors/bm25/modifier").asText()).isEqualTo("idf");
    }

    @Test
    void should_find_a_span_from_the_last_window_of_a_long_chunk_first() {
        Map.Entry<UUID, Map<String, Object>> longest = qdrant.scrollAll(collection).entrySet().stream()
                .max(Comparator.comparingInt(e -> text(e.getValue()).length())).orElseThrow();
        String text = text(longest.getValue());
        assertThat(embedder.embedWindows(text, 32).vectors().length).isGreaterThan(3);
        String[] words = text.substring(text.length() - 400).trim().split("\\s+");
        String span = String.join(" ", Arrays.copyOfRange(words, 1, 16));

        List<SearchHit> hybrid = search.search(SearchQuery.of(span, 5).withProject(PROJECT));
        List<SearchHit> dense = search.search(SearchQuery.of(span, 5).withProject(PROJECT).withMode(SearchQuery.Mode.DENSE));

        assertThat(hybrid.get(0).id()).as("hybrid, span: %s", span).isEqualTo(longest.getKey());
        assertThat(dense.stream().map(SearchHit::id).toList()).as("dense top 5, span: %s", span)
                .contains(longest.getKey());
    }

    @Test
    void should_find_an_identifier_through_bm25_that_the_dense_vectors_miss() {
        String identifier = "ENT-207";

        SearchHit dense = search.search(SearchQuery.of(identifier, 1).withMode(SearchQuery.Mode.DENSE)).get(0);
        SearchHit bm25 = search.search(SearchQuery.of(identifier, 1).withMode(SearchQuery.Mode.BM25)).get(0);
        SearchHit hybrid = search.search(SearchQuery.of(identifier, 1)).get(0);

        assertThat(dense.text()).as("MiniLM's nearest chunk").doesNotContain(identifier);
        assertThat(bm25.text()).contains(identifier);
        assertThat(hybrid.text()).contains(identifier);
    }

    @Test
    void should_rank_a_newer_chunk_above_an_equally_good_older_one_with_decay() {
        String decayCollection = CollectionNames.UNPREFIXED.conversations("hybrid-decay-it", "local");
        String text = "USER: how do we rotate the signing keys of the staging cluster every ninety days";
        qdrant.ensureCollection(decayCollection, CollectionLayout.of(384, true));
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        UUID older = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        float[][] vectors = embedder.embedWindows(text, 32).vectors();
        qdrant.upsert(List.of(
                new ChunkPoint(decayCollection, older, vectors, text, payload(text, now.minus(Duration.ofDays(300)))),
                new ChunkPoint(decayCollection, newer, vectors, text, payload(text, now.minus(Duration.ofDays(3))))));
        SearchService at = new SearchService(qdrant, CollectionNames.UNPREFIXED, embedder, false, 0.3, 90, Duration.ofSeconds(10),
                Clock.fixed(now, ZoneOffset.UTC));
        SearchQuery query = SearchQuery.of("rotate the staging signing keys", 2).withProject("hybrid-decay-it");

        List<SearchHit> plain = at.search(query.withDecay(false));
        List<SearchHit> decayed = at.search(query.withDecay(true));

        assertThat(plain).hasSize(2);
        assertThat(plain.get(0).score()).isCloseTo(plain.get(1).score(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(decayed.get(0).id()).isEqualTo(newer);
        assertThat(decayed.get(1).id()).isEqualTo(older);
        double expectedGap = 0.3 * (Math.exp(-3 / 90.0) - Math.exp(-300 / 90.0));
        assertThat(decayed.get(0).score() - decayed.get(1).score())
                .isCloseTo(expectedGap, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void should_search_only_the_project_asked_for_and_refuse_an_unknown_one() {
        String question = "what did we change in the hooks";

        List<SearchHit> other = search.search(SearchQuery.of(question, 10).withProject(OTHER_PROJECT));
        List<SearchHit> all = search.search(SearchQuery.of(question, 10).withProject("all"));

        assertThat(other).isNotEmpty().allSatisfy(h -> assertThat(h.project()).isEqualTo("hybrid-search-other"));
        assertThat(all).extracting(SearchHit::project).contains(PROJECT);
        assertThatThrownBy(() -> search.search(SearchQuery.of(question, 5).withProject("no-such-project")))
                .isInstanceOf(SearchException.class).hasMessageContaining("no-such-project");
    }

    @Test
    void should_keep_to_the_time_range_asked_for() {
        Map<UUID, Map<String, Object>> points = qdrant.scrollAll(collection);
        List<Instant> times = points.values().stream().map(p -> Instant.parse((String) p.get("timestamp"))).sorted().toList();
        Instant middle = times.get(times.size() / 2);

        List<SearchHit> later = search.search(SearchQuery.of("the tests fail", 20).withProject(PROJECT)
                .withTimeRange(middle, null));
        List<SearchHit> earlier = search.search(SearchQuery.of("the tests fail", 20).withProject(PROJECT)
                .withTimeRange(null, middle));

        assertThat(later).isNotEmpty().allSatisfy(h -> assertThat(Instant.parse(h.timestamp())).isAfterOrEqualTo(middle));
        assertThat(earlier).isNotEmpty().allSatisfy(h -> assertThat(Instant.parse(h.timestamp())).isBefore(middle));
    }

    @Test
    void should_still_answer_claude_self_reflects_plain_single_vector_search() throws Exception {
        Map.Entry<UUID, Map<String, Object>> chunk = qdrant.scrollAll(collection).entrySet().stream()
                .filter(e -> text(e.getValue()).length() > 600).findFirst().orElseThrow();
        float[] vector = embedder.embed(text(chunk.getValue()).substring(0, 300));

        JsonNode hits = rest("/collections/" + collection + "/points/search",
                "{\"vector\":" + MAPPER.writeValueAsString(vector) + ",\"limit\":3,\"with_payload\":true}").path("result");

        assertThat(hits.size()).isEqualTo(3);
        assertThat(hits.get(0).path("id").asText()).isEqualTo(chunk.getKey().toString());
        assertThat(hits.get(0).at("/payload/conversation_id").asText()).isNotBlank();
    }

    private static Map<String, Object> payload(String text, Instant timestamp) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", text);
        payload.put("timestamp", timestamp.toString());
        payload.put("project", "hybrid-decay-it");
        payload.put("conversation_id", "decay-" + timestamp.getEpochSecond());
        return payload;
    }

    private static String text(Map<String, Object> payload) {
        return String.valueOf(payload.get("text"));
    }

    private static void copy(String corpusFile, Path projectDir) throws Exception {
        Files.createDirectories(projectDir);
        Path from = Corpus.projects().resolve(corpusFile);
        Files.copy(from, projectDir.resolve(from.getFileName()));
    }

    private static JsonNode rest(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.httpUrl() + path));
        if (body != null) {
            request.header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }
}
