package dev.reflect.importer.qdrant;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import com.google.common.util.concurrent.ListenableFuture;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.ValueFactory;
import io.qdrant.client.WithVectorsSelectorFactory;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.JsonWithInt.Value;
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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The importer's view of Qdrant over gRPC: one unnamed cosine vector per point, UUID ids, flat payloads.
 * Thread-safe; one instance owns one client and closes it in {@link #close()}.
 */
public final class QdrantStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QdrantStore.class);

    /** Default REST port; the gRPC port is the next one. */
    private static final int DEFAULT_HTTP_PORT = 6333;
    private static final int DEFAULT_GRPC_PORT = 6334;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int SCROLL_PAGE = 256;

    /** A search result: the point's id, its cosine similarity and its payload as plain Java values. */
    public record Hit(UUID id, float score, Map<String, Object> payload) {
    }

    private final QdrantClient client;
    /** Collections already checked or created, with their vector size, so each is asked about once. */
    private final Map<String, Integer> knownCollections = new ConcurrentHashMap<>();

    public QdrantStore(String host, int grpcPort, boolean useTls, String apiKeyOrNull, Duration timeout) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        // checkCompatibility=false: the check is a blocking call without deadline made while building,
        // so a server that is down or slow would stall construction; calls report errors themselves.
        QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(host, grpcPort, useTls, false)
                .withTimeout(timeout);
        if (apiKeyOrNull != null && !apiKeyOrNull.isBlank()) {
            builder.withApiKey(apiKeyOrNull);
        }
        this.client = new QdrantClient(builder.build());
        LOG.debug("Qdrant gRPC client for {}:{} (tls {}, api key {})",
                host, grpcPort, useTls, apiKeyOrNull == null || apiKeyOrNull.isBlank() ? "not set" : "set");
    }

    /** Same as {@link #fromUrl(String, Integer, String, Duration)} with a 30 s call timeout. */
    public static QdrantStore fromUrl(String url, Integer grpcPortOrNull, String apiKeyOrNull) {
        return fromUrl(url, grpcPortOrNull, apiKeyOrNull, DEFAULT_TIMEOUT);
    }

    /**
     * A store for a Qdrant REST URL such as {@code http://localhost:6333}: TLS when the scheme is https, gRPC on
     * {@code grpcPortOrNull} when given, else 6334 when the URL has no port or port 6333, else the URL's port + 1.
     */
    public static QdrantStore fromUrl(String url, Integer grpcPortOrNull, String apiKeyOrNull, Duration timeout) {
        URI uri = parseUrl(url);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        return new QdrantStore(uri.getHost(), grpcPort(uri, grpcPortOrNull), tls, apiKeyOrNull, timeout);
    }

    static URI parseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Qdrant URL is empty");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Qdrant URL is not a URL: " + url, e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("Qdrant URL must look like http(s)://host[:port], got: " + url);
        }
        return uri;
    }

    static int grpcPort(URI uri, Integer grpcPortOrNull) {
        if (grpcPortOrNull != null) {
            return grpcPortOrNull;
        }
        int httpPort = uri.getPort();
        return httpPort == -1 || httpPort == DEFAULT_HTTP_PORT ? DEFAULT_GRPC_PORT : httpPort + 1;
    }

    /**
     * Creates the collection (cosine distance, {@code dimension} floats) unless it exists. Each name is checked
     * against Qdrant once per store.
     *
     * @throws IllegalStateException when the collection exists with another vector size
     */
    public void ensureCollection(String name, int dimension) {
        if (checkKnown(name, dimension)) {
            return;
        }
        synchronized (knownCollections) {
            if (checkKnown(name, dimension)) {
                return;
            }
            if (await("check collection", name, client.collectionExistsAsync(name))) {
                checkDimension(name, dimension);
            } else {
                create(name, dimension);
            }
            knownCollections.put(name, dimension);
        }
    }

    private boolean checkKnown(String name, int dimension) {
        Integer known = knownCollections.get(name);
        if (known != null && known != dimension) {
            throw dimensionMismatch(name, known, dimension);
        }
        return known != null;
    }

    private static IllegalStateException dimensionMismatch(String name, long existing, int dimension) {
        return new IllegalStateException("Qdrant collection '" + name + "' has vector size " + existing
                + " but the embedder produces vectors of size " + dimension);
    }

    private void create(String name, int dimension) {
        VectorParams params = VectorParams.newBuilder().setSize(dimension).setDistance(Distance.Cosine).build();
        try {
            await("create collection", name, client.createCollectionAsync(name, params));
            LOG.info("Created Qdrant collection {} ({} dimensions, cosine)", name, dimension);
        } catch (QdrantException e) {
            // Another process may have created it between our check and our create.
            if (!await("check collection", name, client.collectionExistsAsync(name))) {
                throw e;
            }
            checkDimension(name, dimension);
        }
    }

    private void checkDimension(String name, int dimension) {
        CollectionInfo info = await("read collection", name, client.getCollectionInfoAsync(name));
        VectorsConfig vectorsConfig = info.getConfig().getParams().getVectorsConfig();
        if (!vectorsConfig.hasParams()) {
            throw new IllegalStateException("Qdrant collection '" + name
                    + "' uses named vectors; expected one unnamed vector of size " + dimension);
        }
        long existing = vectorsConfig.getParams().getSize();
        if (existing != dimension) {
            throw dimensionMismatch(name, existing, dimension);
        }
    }

    /** Inserts or replaces the points, one request per collection, waiting until they are applied. */
    public void upsert(List<ChunkPoint> points) {
        Map<String, List<PointStruct>> byCollection = new LinkedHashMap<>();
        for (ChunkPoint point : points) {
            byCollection.computeIfAbsent(point.collection(), c -> new ArrayList<>()).add(toPointStruct(point));
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

    /** The {@code limit} points nearest to {@code vector}, nearest first, with their payloads. */
    public List<Hit> search(String collection, float[] vector, int limit) {
        QueryPoints request = QueryPoints.newBuilder()
                .setCollectionName(collection)
                .setQuery(nearest(vector))
                .setLimit(limit)
                .setWithPayload(enable(true))
                .build();
        List<ScoredPoint> points = await("search", collection, client.queryAsync(request));
        List<Hit> hits = new ArrayList<>(points.size());
        for (ScoredPoint point : points) {
            hits.add(new Hit(toUuid(point.getId(), collection), point.getScore(), toJava(point.getPayloadMap())));
        }
        return hits;
    }

    /** Exact number of points in the collection. */
    public long count(String collection) {
        return await("count", collection, client.countAsync(collection, null, true));
    }

    /** Names of all collections on the server. */
    public List<String> collections() {
        return await("list collections", "*", client.listCollectionsAsync());
    }

    /** Names of all collections, failing after {@code timeout}: the readiness check's call. */
    public List<String> collections(Duration timeout) {
        return await("list collections", "*", client.listCollectionsAsync(timeout));
    }

    /** Every point's payload by id, page by page; meant for tests and status, not for large collections. */
    /** The payload of one point, if the collection and the point exist. */
    public java.util.Optional<Map<String, Object>> payloadOf(String collection, UUID id) {
        if (!collections().contains(collection)) {
            return java.util.Optional.empty();
        }
        List<RetrievedPoint> points = await("retrieve", collection, client.retrieveAsync(collection,
                List.of(io.qdrant.client.PointIdFactory.id(id)), true, false, null));
        return points.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(toJava(points.get(0).getPayloadMap()));
    }

    public Map<UUID, Map<String, Object>> scrollAll(String collection) {
        Map<UUID, Map<String, Object>> all = new LinkedHashMap<>();
        PointId offset = null;
        do {
            ScrollPoints.Builder request = ScrollPoints.newBuilder()
                    .setCollectionName(collection)
                    .setLimit(SCROLL_PAGE)
                    .setWithPayload(enable(true))
                    .setWithVectors(WithVectorsSelectorFactory.enable(false));
            if (offset != null) {
                request.setOffset(offset);
            }
            ScrollResponse page = await("scroll", collection, client.scrollAsync(request.build()));
            for (RetrievedPoint point : page.getResultList()) {
                all.put(toUuid(point.getId(), collection), toJava(point.getPayloadMap()));
            }
            offset = page.hasNextPageOffset() ? page.getNextPageOffset() : null;
        } while (offset != null);
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

    private static PointStruct toPointStruct(ChunkPoint point) {
        PointStruct.Builder builder = PointStruct.newBuilder()
                .setId(id(point.id()))
                .setVectors(vectors(point.vector()));
        if (point.payload() == null) {
            return builder.build();
        }
        point.payload().forEach((key, value) -> {
            if (value != null) {
                builder.putPayload(key, toValue(value, key, point));
            }
        });
        return builder.build();
    }

    private static Value toValue(Object value, String key, ChunkPoint point) {
        if (value instanceof String s) {
            return ValueFactory.value(s);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ValueFactory.value(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return ValueFactory.value(((Number) value).doubleValue());
        }
        if (value instanceof Boolean b) {
            return ValueFactory.value(b);
        }
        if (value instanceof List<?> list) {
            List<Value> values = new ArrayList<>(list.size());
            for (Object element : list) {
                if (element != null) {
                    values.add(toValue(element, key, point));
                }
            }
            return ValueFactory.list(values);
        }
        throw new IllegalArgumentException("Payload field '" + key + "' of point " + point.id() + " in collection '"
                + point.collection() + "' has unsupported type " + value.getClass().getName());
    }

    private static Map<String, Object> toJava(Map<String, Value> payload) {
        Map<String, Object> result = new LinkedHashMap<>();
        payload.forEach((key, value) -> {
            Object converted = toJava(value);
            if (converted != null) {
                result.put(key, converted);
            }
        });
        return result;
    }

    /** String, Long, Double, Boolean, List or Map; null for a JSON null. */
    private static Object toJava(Value value) {
        switch (value.getKindCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case INTEGER_VALUE:
                return value.getIntegerValue();
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case BOOL_VALUE:
                return value.getBoolValue();
            case LIST_VALUE:
                List<Object> list = new ArrayList<>(value.getListValue().getValuesCount());
                for (Value element : value.getListValue().getValuesList()) {
                    Object converted = toJava(element);
                    if (converted != null) {
                        list.add(converted);
                    }
                }
                return list;
            case STRUCT_VALUE:
                return toJava(value.getStructValue().getFieldsMap());
            default:
                return null;
        }
    }

    private static UUID toUuid(PointId id, String collection) {
        if (!id.hasUuid()) {
            throw new IllegalStateException("Point " + id.getNum() + " in Qdrant collection '" + collection
                    + "' has a numeric id; this importer only writes UUIDs");
        }
        return UUID.fromString(id.getUuid());
    }

    private static <T> T await(String action, String collection, ListenableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new QdrantException("Qdrant " + action + " on collection '" + collection + "' failed: "
                    + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new QdrantException("Interrupted during Qdrant " + action + " on collection '" + collection + "'",
                    e);
        }
    }
}
