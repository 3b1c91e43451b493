package dev.reflect.importer.qdrant;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import com.google.common.util.concurrent.ListenableFuture;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsIdsList;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.ScrollPoints;
import io.qdrant.client.grpc.Points.ScrollResponse;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The importer's view of Qdrant over gRPC: points with UUID ids and flat payloads, in collections whose layout
 * {@link QdrantCollections} keeps. Thread-safe; one instance owns one client and closes it in {@link #close()}.
 */
public final class QdrantStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QdrantStore.class);

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int SCROLL_PAGE = 256;

    /** A search result: the point's id, its score and its payload as plain Java values. */
    public record Hit(UUID id, float score, Map<String, Object> payload) {
    }

    /**
     * One page of a scroll: points with their payloads, their plain dense vectors when asked for, and where the
     * next page starts (null at the end).
     */
    public record Page(Map<UUID, Map<String, Object>> points, Map<UUID, float[]> vectors, UUID next) {
    }

    private final QdrantClient client;
    private final QdrantCollections collections;

    public QdrantStore(String host, int grpcPort, boolean useTls, String apiKeyOrNull, Duration timeout) {
        this(new QdrantEndpoint(host, grpcPort, useTls, apiKeyOrNull, null), timeout, CollectionTopology.SINGLE_NODE);
    }

    /** A store whose new collections are created with {@code topology}'s shards, replicas and write consistency. */
    public QdrantStore(QdrantEndpoint endpoint, Duration timeout, CollectionTopology topology) {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(timeout, "timeout");
        this.client = new QdrantClient(endpoint.clientBuilder().withTimeout(timeout).build());
        this.collections = new QdrantCollections(client, topology);
        LOG.debug("Qdrant gRPC client for {}", endpoint);
    }

    /**
     * A store for a Qdrant REST URL such as {@code http://localhost:6333} (see {@link QdrantEndpoint#of}), with a
     * 30 s call timeout.
     */
    public static QdrantStore fromUrl(String url, Integer grpcPortOrNull, String apiKeyOrNull) {
        return new QdrantStore(QdrantEndpoint.of(url, grpcPortOrNull, apiKeyOrNull, null), DEFAULT_TIMEOUT,
                CollectionTopology.SINGLE_NODE);
    }

    /** Collections, their layouts and aliases. */
    public QdrantCollections collectionAdmin() {
        return collections;
    }

    /** Creates the collection in the current layout (hybrid, one plain vector) unless it exists. */
    public void ensureCollection(String name, int dimension) {
        collections.ensure(name, CollectionLayout.of(dimension, false));
    }

    /** Creates the collection in {@code layout} unless it exists; returns the layout it has. */
    public CollectionLayout ensureCollection(String name, CollectionLayout layout) {
        return collections.ensure(name, layout);
    }

    /** Inserts or replaces the points, one request per collection, waiting until they are applied. */
    public void upsert(List<ChunkPoint> points) {
        Map<String, List<PointStruct>> byCollection = new LinkedHashMap<>();
        for (ChunkPoint point : points) {
            CollectionLayout layout = collections.layoutOf(point.collection());
            byCollection.computeIfAbsent(point.collection(), c -> new ArrayList<>()).add(point.toPointStruct(layout));
        }
        byCollection.forEach((collection, structs) -> {
            UpsertPoints request = UpsertPoints.newBuilder()
                    .setCollectionName(collection)
                    .setWait(true)
                    .addAllPoints(structs)
                    .build();
            await("upsert " + structs.size() + " points", collection, client.upsertAsync(request));
            LOG.debug("Upserted {} points into {}", structs.size(), collection);
        });
    }

    /** The {@code limit} points nearest to {@code vector} (dense only), nearest first, with their payloads. */
    public List<Hit> search(String collection, float[] vector, int limit) {
        return query(QueryPoints.newBuilder()
                .setCollectionName(collection)
                .setQuery(io.qdrant.client.QueryFactory.nearest(vector))
                .setLimit(limit)
                .build(), null);
    }

    /** Runs a Query API request (payloads included), failing after {@code timeout} when one is given. */
    public List<Hit> query(QueryPoints request, Duration timeoutOrNull) {
        QueryPoints withPayload = request.toBuilder().setWithPayload(enable(true)).build();
        ListenableFuture<List<ScoredPoint>> future = timeoutOrNull == null
                ? client.queryAsync(withPayload) : client.queryAsync(withPayload, timeoutOrNull);
        List<ScoredPoint> points = await("search", request.getCollectionName(), future, timeoutOrNull);
        List<Hit> hits = new ArrayList<>(points.size());
        for (ScoredPoint point : points) {
            hits.add(new Hit(toUuid(point.getId(), request.getCollectionName()), point.getScore(),
                    PayloadValues.toJava(point.getPayloadMap())));
        }
        return hits;
    }

    /**
     * Runs several Query API requests on one collection in one call (payloads included), failing after
     * {@code timeout}; one list of hits per request, in order.
     */
    public List<List<Hit>> queryBatch(String collection, List<QueryPoints> requests, Duration timeout) {
        List<QueryPoints> withPayload = requests.stream()
                .map(r -> r.toBuilder().setCollectionName(collection).setWithPayload(enable(true)).build()).toList();
        List<io.qdrant.client.grpc.Points.BatchResult> results = await("search", collection,
                client.queryBatchAsync(collection, withPayload, null, timeout), timeout);
        List<List<Hit>> lists = new ArrayList<>(results.size());
        for (io.qdrant.client.grpc.Points.BatchResult result : results) {
            List<Hit> hits = new ArrayList<>(result.getResultCount());
            for (ScoredPoint point : result.getResultList()) {
                hits.add(new Hit(toUuid(point.getId(), collection), point.getScore(),
                        PayloadValues.toJava(point.getPayloadMap())));
            }
            lists.add(hits);
        }
        return lists;
    }

    /** Exact number of points in the collection. */
    public long count(String collection) {
        return await("count", collection, client.countAsync(collection, null, true));
    }

    /** Names under which collections are reached: aliases, and collections no alias points at. */
    public List<String> collections() {
        return collections.names();
    }

    /** Names of all collections, failing after {@code timeout}: the readiness check's call. */
    public List<String> collections(Duration timeout) {
        return await("list collections", "*", client.listCollectionsAsync(timeout));
    }

    /** The payload of one point, if the collection and the point exist. */
    public Optional<Map<String, Object>> payloadOf(String collection, UUID id) {
        if (!collections().contains(collection)) {
            return Optional.empty();
        }
        List<RetrievedPoint> points = await("retrieve", collection, client.retrieveAsync(collection,
                List.of(id(id)), true, false, null));
        return points.isEmpty() ? Optional.empty() : Optional.of(PayloadValues.toJava(points.get(0).getPayloadMap()));
    }

    /** Which of these ids the collection holds. */
    public List<UUID> existing(String collection, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<PointId> pointIds = ids.stream().map(io.qdrant.client.PointIdFactory::id).toList();
        List<RetrievedPoint> points = await("retrieve", collection, client.retrieveAsync(collection, pointIds,
                false, false, null));
        return points.stream().map(p -> toUuid(p.getId(), collection)).toList();
    }

    /** One page of up to {@code size} points from {@code from} (null: the start), with payloads, no vectors. */
    public Page scroll(String collection, UUID from, int size) {
        return scroll(collection, from, size, false);
    }

    /**
     * One page of up to {@code size} points from {@code from} (null: the start), with payloads and, when
     * {@code withVectors}, each point's unnamed single dense vector.
     */
    public Page scroll(String collection, UUID from, int size, boolean withVectors) {
        ScrollPoints.Builder request = ScrollPoints.newBuilder()
                .setCollectionName(collection)
                .setLimit(size)
                .setWithPayload(enable(true))
                .setWithVectors(WithVectorsSelectorFactory.enable(withVectors));
        if (from != null) {
            request.setOffset(id(from));
        }
        ScrollResponse page = await("scroll", collection, client.scrollAsync(request.build()));
        Map<UUID, Map<String, Object>> points = new LinkedHashMap<>();
        Map<UUID, float[]> vectors = new LinkedHashMap<>();
        for (RetrievedPoint point : page.getResultList()) {
            UUID id = toUuid(point.getId(), collection);
            points.put(id, PayloadValues.toJava(point.getPayloadMap()));
            if (withVectors && point.getVectors().hasVector()) {
                vectors.put(id, denseOf(point.getVectors().getVector()));
            }
        }
        return new Page(points, vectors, page.hasNextPageOffset() ? toUuid(page.getNextPageOffset(), collection) : null);
    }

    private static float[] denseOf(io.qdrant.client.grpc.Points.VectorOutput vector) {
        List<Float> data = vector.hasDense() ? vector.getDense().getDataList() : vector.getDataList();
        float[] dense = new float[data.size()];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = data.get(i);
        }
        return dense;
    }

    /** Every point's payload by id, page by page; meant for tests and status, not for large collections. */
    public Map<UUID, Map<String, Object>> scrollAll(String collection) {
        Map<UUID, Map<String, Object>> all = new LinkedHashMap<>();
        UUID from = null;
        do {
            Page page = scroll(collection, from, SCROLL_PAGE);
            all.putAll(page.points());
            from = page.next();
        } while (from != null);
        return all;
    }

    /** Deletes the points with these ids, waiting until it is applied. Unknown ids are ignored. */
    public void delete(String collection, List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        PointsIdsList.Builder idList = PointsIdsList.newBuilder();
        ids.forEach(uuid -> idList.addIds(id(uuid)));
        DeletePoints request = DeletePoints.newBuilder()
                .setCollectionName(collection)
                .setWait(true)
                .setPoints(PointsSelector.newBuilder().setPoints(idList))
                .build();
        await("delete " + ids.size() + " points", collection, client.deleteAsync(request));
    }

    @Override
    public void close() {
        client.close();
    }

    private static UUID toUuid(PointId id, String collection) {
        if (!id.hasUuid()) {
            throw new IllegalStateException("Point " + id.getNum() + " in Qdrant collection '" + collection
                    + "' has a numeric id; this importer only writes UUIDs");
        }
        return UUID.fromString(id.getUuid());
    }

    static <T> T await(String action, String collection, ListenableFuture<T> future) {
        return await(action, collection, future, null);
    }

    /** The future's value; a failure, an interrupt or (when {@code timeout} is given) a timeout as QdrantException. */
    private static <T> T await(String action, String collection, ListenableFuture<T> future, Duration timeout) {
        try {
            return timeout == null ? future.get() : future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new QdrantException("Qdrant did not answer the " + action + " on collection '" + collection
                    + "' within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw QdrantException.failed(action, collection, e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new QdrantException("Interrupted during Qdrant " + action + " on collection '" + collection + "'",
                    e);
        }
    }
}
