package dev.reflect.importer.search;

import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.qdrant.ChunkPoint;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.CollectionLayout;
import dev.reflect.importer.qdrant.QdrantAccessException;
import dev.reflect.importer.qdrant.QdrantException;
import dev.reflect.importer.qdrant.QdrantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import io.qdrant.client.grpc.Points.QueryPoints;

/**
 * The search of past conversations over Qdrant: for each collection the query covers, one Query API call (dense
 * windows + BM25, fused; decay optional), the results merged by score. Reflections live in a collection of their
 * own ({@link CollectionNames#reflections}) that every search covers. Owns neither the embedder nor the store.
 */
public final class SearchService implements Search {

    /** Payload {@code type} of a stored reflection. */
    static final String REFLECTION = "reflection";

    private final QdrantStore qdrant;
    private final CollectionNames names;
    private final Embedder embedder;
    private final HybridQueries queries;
    private final Fusion fusion;
    private final boolean decayByDefault;
    private final Duration timeout;
    private final Clock clock;
    private final boolean owner;
    /** Collection names and layouts change seldom; each is asked again after a few seconds, not per search. */
    private final Recent<List<String>> collectionNames;
    private final Recent<CollectionLayout> layouts;

    /** A search of the collections named by {@code names}, over a store and embedder that its caller keeps (and closes). */
    public SearchService(QdrantStore qdrant, CollectionNames names, Embedder embedder, boolean decayByDefault,
            double decayWeight, double decayScaleDays, Duration timeout, Clock clock) {
        this(qdrant, names, embedder, decayByDefault, decayWeight, decayScaleDays, timeout, clock, Fusion.standard(),
                false);
    }

    /** The same search with another fusion (the benchmark compares them). */
    public SearchService withFusion(Fusion other) {
        return new SearchService(qdrant, names, embedder, decayByDefault, queries.decayWeight(),
                queries.decayScaleDays(), timeout, clock, other, false);
    }

    private SearchService(QdrantStore qdrant, CollectionNames names, Embedder embedder, boolean decayByDefault,
            double decayWeight, double decayScaleDays, Duration timeout, Clock clock, Fusion fusion, boolean owner) {
        this.owner = owner;
        this.collectionNames = new Recent<>(Duration.ofSeconds(5), clock);
        this.layouts = new Recent<>(Duration.ofSeconds(30), clock);
        this.qdrant = qdrant;
        this.names = names;
        this.embedder = embedder;
        this.queries = new HybridQueries(decayWeight, decayScaleDays);
        this.fusion = fusion;
        this.decayByDefault = decayByDefault;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** A search that owns the store and the embedder and closes them with itself. */
    public static SearchService owning(QdrantStore qdrant, CollectionNames names, Embedder embedder,
            boolean decayByDefault, double decayWeight, double decayScaleDays, Duration timeout) {
        return new SearchService(qdrant, names, embedder, decayByDefault, decayWeight, decayScaleDays, timeout,
                Clock.systemUTC(), Fusion.standard(), true);
    }

    /** The collection of reflections for this embedder. */
    public String reflectionsCollection() {
        return names.reflections(embedder.provider());
    }

    @Override
    public List<SearchHit> search(SearchQuery query) {
        List<String> collections = collectionsFor(query);
        if (collections.isEmpty()) {
            return List.of();
        }
        float[] vector = query.mode() == SearchQuery.Mode.BM25 ? null : embedder.embed(query.text());
        boolean decay = query.useDecay() != null ? query.useDecay() : decayByDefault;
        Instant now = clock.instant();
        List<CompletableFuture<Rankings>> running = new ArrayList<>();
        for (String collection : collections) {
            running.add(CompletableFuture.supplyAsync(() -> rank(collection, query, vector, now, decay)));
        }
        List<Rankings> rankings = new ArrayList<>();
        try {
            for (CompletableFuture<Rankings> future : running) {
                rankings.add(future.join());
            }
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new SearchException(cause instanceof QdrantException ? cause.getMessage()
                    : "The search failed: " + cause.getMessage(), cause);
        }
        List<SearchHit> hits = fusion.fuse(query.mode(), rankings);
        if (decay) {
            hits = hits.stream().map(h -> h.withScore(h.score() + queries.decayWeight() * queries.decay(h.timestamp(), now)))
                    .sorted(Comparator.comparingDouble(SearchHit::score).reversed()).toList();
        }
        List<SearchHit> page = new ArrayList<>();
        for (int i = query.offset(); i < hits.size() && page.size() < query.limit(); i++) {
            SearchHit hit = hits.get(i);
            if (query.minScore() == null || hit.score() >= query.minScore()) {
                page.add(hit);
            }
        }
        return page;
    }

    /** One collection's rankings for the query, from one call to Qdrant. */
    private Rankings rank(String collection, SearchQuery query, float[] vector, Instant now, boolean decay) {
        CollectionLayout layout = layouts.get(collection, () -> qdrant.collectionAdmin().read(collection));
        List<List<SearchHit>> lists = new ArrayList<>();
        SearchQuery.Mode mode = layout.bm25() ? query.mode() : SearchQuery.Mode.DENSE;
        if (!layout.bm25() && query.mode() == SearchQuery.Mode.BM25) {
            return new Rankings(List.of(), List.of());
        }
        List<QueryPoints> requests = switch (mode) {
            case DENSE -> List.of(queries.dense(query, vector));
            case BM25 -> List.of(queries.bm25(query));
            case HYBRID -> layout.phrases() && fusion.phrases()
                    ? List.of(queries.dense(query, vector), queries.bm25(query), queries.phrase(query))
                    : List.of(queries.dense(query, vector), queries.bm25(query));
        };
        for (List<QdrantStore.Hit> found : qdrant.queryBatch(collection, requests, timeout)) {
            lists.add(toHits(collection, query, found));
        }
        if (!layout.bm25() && query.mode() == SearchQuery.Mode.HYBRID) {
            return new Rankings(lists.get(0), List.of());
        }
        return switch (lists.size()) {
            case 3 -> new Rankings(lists.get(0), lists.get(1), lists.get(2));
            case 2 -> new Rankings(lists.get(0), lists.get(1));
            default -> new Rankings(lists.get(0), null);
        };
    }

    private List<SearchHit> toHits(String collection, SearchQuery query, List<QdrantStore.Hit> found) {
        boolean otherProjectsReflections = collection.equals(reflectionsCollection()) && !query.allProjects();
        List<SearchHit> hits = new ArrayList<>();
        for (QdrantStore.Hit hit : found) {
            Map<String, Object> p = hit.payload();
            if (otherProjectsReflections && p.get("project") != null
                    && !p.get("project").equals(normalised(query.project()))) {
                continue; // a reflection of another project
            }
            hits.add(new SearchHit(hit.id(), hit.score(), collection, string(p.get("project")),
                    string(p.get("conversation_id")), string(p.get("timestamp")), string(p.get("text")),
                    string(p.get("source_file")), number(p.get("line_start")), number(p.get("line_end")), p));
        }
        return hits;
    }

    /** The collections a query covers: its project's (or every project's) and the reflections. */
    List<String> collectionsFor(SearchQuery query) {
        List<String> existing;
        try {
            existing = collectionNames.get("", qdrant::collections);
        } catch (QdrantException e) {
            throw new SearchException(e instanceof QdrantAccessException ? e.getMessage()
                    : "Qdrant cannot be reached: " + e.getMessage(), e);
        }
        List<String> covered = new ArrayList<>();
        if (query.allProjects()) {
            for (String name : existing) {
                if (names.isConversations(name, embedder.provider())) {
                    covered.add(name);
                }
            }
        } else {
            String collection = names.conversations(normalised(query.project()), embedder.provider());
            if (!existing.contains(collection)) {
                throw new SearchException("No conversations of project '" + query.project() + "' are imported (no "
                        + "collection " + collection + "). Use project \"all\" to search every project.");
            }
            covered.add(collection);
        }
        if (existing.contains(reflectionsCollection())) {
            covered.add(reflectionsCollection());
        }
        return covered;
    }

    @Override
    public UUID storeReflection(String content, List<String> tags, String project) {
        if (content == null || content.isBlank()) {
            throw new SearchException("The reflection is empty: give the insight to store.");
        }
        Embedder.Windows windows = embedder.embedWindows(content, 32);
        String collection = reflectionsCollection();
        String now = clock.instant().toString();
        UUID id = UUID.nameUUIDFromBytes((now + "\n" + content).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", content);
        payload.put("tags", tags == null ? List.of() : List.copyOf(tags));
        payload.put("timestamp", now);
        payload.put("type", REFLECTION);
        payload.put("conversation_id", "reflection-" + id);
        if (project != null && !project.isBlank() && !project.equalsIgnoreCase("all")) {
            payload.put("project", normalised(project));
        }
        try {
            qdrant.ensureCollection(collection, CollectionLayout.of(embedder.dimension(), embedder.windowed()));
            qdrant.upsert(List.of(new ChunkPoint(collection, id, windows.vectors(), content, payload)));
            collectionNames.clear(); // the reflections collection may be new: the next search covers it
        } catch (QdrantException e) {
            throw new SearchException("The reflection could not be stored: " + e.getMessage(), e);
        }
        return id;
    }

    @Override
    public void close() {
        if (owner) {
            try {
                embedder.close();
            } finally {
                qdrant.close();
            }
        }
    }

    private static String normalised(String project) {
        return ProjectNames.normalise(project.trim());
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
