package dev.reflect.importer.search;

import dev.reflect.importer.app.Embedders;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.qdrant.ChunkPoint;
import dev.reflect.importer.qdrant.QdrantException;
import dev.reflect.importer.qdrant.QdrantStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stand-in for the hybrid search service until it lands: the dense vector of the query against each collection
 * (Qdrant's nearest-neighbour query), merged by score; the file, concept, time and project filters and the decay
 * are applied here to a larger candidate set. The MCP server only sees {@link Search}.
 */
public final class DenseSearch implements Search {

    /** claude-self-reflect's decay: score × ((1 − w) + w × 2^(−age / scale)). */
    private static final double DECAY_WEIGHT = 0.3;
    private static final double DECAY_SCALE_DAYS = 90;
    private static final int FILTERED_CANDIDATES = 200;

    private final Embedder embedder;
    private final QdrantStore qdrant;
    private final String provider;
    private final String qdrantUrl;
    /** The collections are queried at once: the answer takes as long as the slowest, not the sum. */
    private final ExecutorService queries = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "dense-search");
        thread.setDaemon(true);
        return thread;
    });

    DenseSearch(Embedder embedder, QdrantStore qdrant, String provider, String qdrantUrl) {
        this.embedder = embedder;
        this.qdrant = qdrant;
        this.provider = provider;
        this.qdrantUrl = qdrantUrl;
    }

    /** Loads the model and makes the Qdrant client (calls time out after {@link Settings#searchTimeout()}). */
    public static DenseSearch open(Settings settings) {
        Embedder embedder = Embedders.create(settings);
        try {
            QdrantStore qdrant = QdrantStore.fromUrl(settings.qdrantUrl(), settings.qdrantGrpcPort(),
                    settings.qdrantApiKey(), settings.searchTimeout());
            return new DenseSearch(embedder, qdrant, settings.provider(), settings.qdrantUrl());
        } catch (RuntimeException e) {
            embedder.close();
            throw e;
        }
    }

    @Override
    public List<SearchHit> search(SearchQuery query) {
        List<String> existing = collections();
        String reflections = reflectionsCollection();
        List<String> targets = new ArrayList<>();
        String project = null;
        if (query.allProjects()) {
            existing.stream().filter(c -> c.startsWith("conv_") && c.endsWith("_" + provider)).forEach(targets::add);
        } else {
            project = ProjectNames.normalise(query.project());
            String collection = ProjectNames.collectionName(project, provider);
            if (!existing.contains(collection)) {
                throw new SearchException("Unknown project '" + query.project() + "': no conversations of it are "
                        + "imported (no collection " + collection + "). Use project 'all' to search every project.");
            }
            targets.add(collection);
        }
        if (existing.contains(reflections)) {
            targets.add(reflections);
        }
        boolean filtered = query.file() != null || query.concept() != null || query.after() != null
                || query.before() != null || project != null || Boolean.TRUE.equals(query.useDecay());
        int wanted = query.offset() + query.limit();
        int candidates = filtered ? Math.max(FILTERED_CANDIDATES, wanted * 4) : wanted;
        float[] vector = embedder.embed(query.text());
        List<CompletableFuture<List<QdrantStore.Hit>>> answers = new ArrayList<>();
        for (String collection : targets) {
            answers.add(CompletableFuture.supplyAsync(() -> call(() -> qdrant.search(collection, vector, candidates)),
                    queries));
        }
        List<SearchHit> hits = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            for (QdrantStore.Hit hit : join(answers.get(i))) {
                SearchHit found = toSearchHit(hit, targets.get(i));
                if (keeps(query, project, found)) {
                    hits.add(Boolean.TRUE.equals(query.useDecay()) ? decayed(found) : found);
                }
            }
        }
        hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        List<SearchHit> best = new ArrayList<>();
        for (SearchHit hit : hits) {
            if (query.minScore() == null || hit.score() >= query.minScore()) {
                best.add(hit);
            }
        }
        return best.subList(Math.min(query.offset(), best.size()), Math.min(wanted, best.size()));
    }

    @Override
    public UUID storeReflection(String content, List<String> tags, String project) {
        if (content == null || content.isBlank()) {
            throw new SearchException("The reflection is empty: give the insight to store.");
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", content.strip());
        payload.put("content", content.strip());
        payload.put("tags", List.copyOf(tags));
        payload.put("timestamp", Instant.now().toString());
        payload.put("type", "reflection");
        if (project != null) {
            payload.put("project", project);
        }
        float[] vector = embedder.embed(content);
        String collection = reflectionsCollection();
        call(() -> {
            qdrant.ensureCollection(collection, vector.length);
            qdrant.upsert(List.of(new ChunkPoint(collection, id, vector, payload)));
            return null;
        });
        return id;
    }

    private static List<QdrantStore.Hit> join(CompletableFuture<List<QdrantStore.Hit>> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new SearchException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new SearchException("Interrupted while searching", e);
        }
    }

    @Override
    public void close() {
        queries.shutdownNow();
        qdrant.close();
        embedder.close();
    }

    private String reflectionsCollection() {
        return "reflections_" + provider;
    }

    private List<String> collections() {
        return call(qdrant::collections);
    }

    private <T> T call(java.util.function.Supplier<T> qdrantCall) {
        try {
            return qdrantCall.get();
        } catch (QdrantException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SearchException("Qdrant at " + qdrantUrl + " did not answer: " + cause.getMessage(), e);
        }
    }

    private static boolean keeps(SearchQuery query, String project, SearchHit hit) {
        if (project != null && hit.reflection() && hit.project() != null && !project.equals(hit.project())) {
            return false;
        }
        if (query.file() != null && !touches(hit.payload(), query.file())) {
            return false;
        }
        if (query.concept() != null && !listOf(hit.payload(), "concepts").stream()
                .anyMatch(c -> c.equalsIgnoreCase(query.concept().strip()))) {
            return false;
        }
        if (query.after() != null || query.before() != null) {
            Instant at = instant(hit.timestamp());
            if (at == null || (query.after() != null && at.isBefore(query.after()))
                    || (query.before() != null && !at.isBefore(query.before()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean touches(Map<String, Object> payload, String file) {
        String wanted = file.strip().replace('\\', '/');
        for (String field : List.of("files_analyzed", "files_edited")) {
            for (String path : listOf(payload, field)) {
                if (path.replace('\\', '/').endsWith(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> listOf(Map<String, Object> payload, String field) {
        Object value = payload.get(field);
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<String> strings = new ArrayList<>(list.size());
        list.forEach(v -> strings.add(String.valueOf(v)));
        return strings;
    }

    private static SearchHit decayed(SearchHit hit) {
        Instant at = instant(hit.timestamp());
        if (at == null) {
            return hit;
        }
        double ageDays = Math.max(0, Duration.between(at, Instant.now()).toMillis() / 86_400_000.0);
        double factor = (1 - DECAY_WEIGHT) + DECAY_WEIGHT * Math.pow(2, -ageDays / DECAY_SCALE_DAYS);
        return new SearchHit(hit.id(), hit.score() * factor, hit.collection(), hit.project(), hit.conversationId(),
                hit.timestamp(), hit.text(), hit.sourceFile(), hit.lineStart(), hit.lineEnd(), hit.payload());
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(timestamp).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static SearchHit toSearchHit(QdrantStore.Hit hit, String collection) {
        Map<String, Object> p = hit.payload();
        Object text = p.containsKey("text") ? p.get("text") : p.get("content");
        return new SearchHit(hit.id(), hit.score(), collection, string(p.get("project")),
                string(p.get("conversation_id")), string(p.get("timestamp")), string(text),
                string(p.get("source_file")), number(p.get("line_start")), number(p.get("line_end")), p);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
