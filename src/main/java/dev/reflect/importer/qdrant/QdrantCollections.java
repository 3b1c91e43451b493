package dev.reflect.importer.qdrant;

import static dev.reflect.importer.qdrant.QdrantStore.await;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.grpc.Collections;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.AliasOperations;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CreateAlias;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteAlias;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.Modifier;
import io.qdrant.client.grpc.Collections.MultiVectorComparator;
import io.qdrant.client.grpc.Collections.MultiVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorConfig;
import io.qdrant.client.grpc.Collections.SparseVectorParams;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collections on the server: created in the current layout (with payload indexes), their layout read once,
 * and the aliases through which an upgraded collection keeps its old name.
 */
public final class QdrantCollections {

    private static final Logger LOG = LoggerFactory.getLogger(QdrantCollections.class);

    private final QdrantClient client;
    private final CollectionTopology topology;
    /** Collections already checked or created, with their layout, so each is asked about once. */
    private final Map<String, CollectionLayout> known = new ConcurrentHashMap<>();

    QdrantCollections(QdrantClient client, CollectionTopology topology) {
        this.client = client;
        this.topology = topology;
    }

    /**
     * Creates the collection in {@code layout} unless it exists (by name or alias); returns the layout it has,
     * which for a collection from before hybrid search is the old one.
     *
     * @throws IllegalStateException when the collection exists with another vector size
     */
    public CollectionLayout ensure(String name, CollectionLayout layout) {
        CollectionLayout existing = known.get(name);
        if (existing == null) {
            synchronized (known) {
                existing = known.get(name);
                if (existing == null) {
                    existing = exists(name) ? read(name) : create(name, layout);
                    known.put(name, existing);
                }
            }
        }
        if (existing.dimension() != layout.dimension()) {
            throw new IllegalStateException("Qdrant collection '" + name + "' has vector size " + existing.dimension()
                    + " but the embedder produces vectors of size " + layout.dimension());
        }
        return existing;
    }

    /** The layout of an existing collection (read once), or null when it is not known to exist. */
    CollectionLayout layoutOf(String name) {
        CollectionLayout layout = known.get(name);
        if (layout == null && exists(name)) {
            layout = read(name);
            known.put(name, layout);
        }
        return layout;
    }

    /** The layout of an existing collection as the server describes it now. */
    public CollectionLayout read(String name) {
        CollectionInfo info = await("read collection", name, client.getCollectionInfoAsync(name));
        CollectionParams params = info.getConfig().getParams();
        VectorsConfig vectors = params.getVectorsConfig();
        if (!vectors.hasParams()) {
            throw new IllegalStateException("Qdrant collection '" + name
                    + "' uses named dense vectors; expected one unnamed vector");
        }
        boolean bm25 = params.hasSparseVectorsConfig()
                && params.getSparseVectorsConfig().getMapMap().containsKey(CollectionLayout.BM25);
        var text = info.getPayloadSchemaMap().get("text");
        boolean phrases = text != null && text.getParams().hasTextIndexParams()
                && text.getParams().getTextIndexParams().getPhraseMatching();
        return new CollectionLayout((int) vectors.getParams().getSize(), vectors.getParams().hasMultivectorConfig(), bm25,
                phrases);
    }

    /**
     * How a collection is spread, as {@code reflect status} prints it: its shard count, replication factor and
     * write consistency, then each shard's replicas with their state, e.g.
     * {@code 3 shards x2 replicas (write consistency 1): 0[peer 123 Active, peer 456 Dead] 1[...]}.
     */
    public String describeTopology(String name) {
        CollectionInfo info = await("read collection", name, client.getCollectionInfoAsync(name));
        CollectionParams params = info.getConfig().getParams();
        Collections.CollectionClusterInfoResponse cluster = await("read cluster info", name,
                client.getCollectionClusterInfoAsync(name));
        Map<Integer, List<String>> replicas = new TreeMap<>();
        cluster.getLocalShardsList().forEach(shard -> replicas.computeIfAbsent(shard.getShardId(), k -> new ArrayList<>())
                .add("peer " + cluster.getPeerId() + " " + shard.getState() + " (this node, " + shard.getPointsCount()
                        + " points)"));
        cluster.getRemoteShardsList().forEach(shard -> replicas.computeIfAbsent(shard.getShardId(), k -> new ArrayList<>())
                .add("peer " + shard.getPeerId() + " " + shard.getState()));
        StringBuilder text = new StringBuilder().append(params.getShardNumber()).append(" shard(s) x")
                .append(params.getReplicationFactor()).append(" replica(s) (write consistency ")
                .append(params.getWriteConsistencyFactor()).append(")");
        if (!cluster.getRemoteShardsList().isEmpty()) {
            text.append(':');
            replicas.forEach((shard, states) -> text.append(' ').append(shard).append(states));
        }
        return text.toString();
    }

    /** True when a collection or an alias has this name. */
    public boolean exists(String name) {
        return await("check collection", name, client.collectionExistsAsync(name))
                || await("list aliases", name, client.listAliasesAsync()).stream()
                        .anyMatch(alias -> alias.getAliasName().equals(name));
    }

    /** Names under which collections are reached: aliases, and collections no alias points at. */
    public List<String> names() {
        List<String> physical = await("list collections", "*", client.listCollectionsAsync());
        List<AliasDescription> aliases = await("list aliases", "*", client.listAliasesAsync());
        List<String> names = new ArrayList<>();
        for (AliasDescription alias : aliases) {
            names.add(alias.getAliasName());
        }
        for (String collection : physical) {
            if (aliases.stream().noneMatch(a -> a.getCollectionName().equals(collection))) {
                names.add(collection);
            }
        }
        return names;
    }

    /** The collection an alias points at, or the name itself when it is not an alias. */
    public String resolve(String name) {
        for (AliasDescription alias : await("list aliases", "*", client.listAliasesAsync())) {
            if (alias.getAliasName().equals(name)) {
                return alias.getCollectionName();
            }
        }
        return name;
    }

    /** Creates a collection in {@code layout} with the payload indexes searches use. */
    public CollectionLayout create(String name, CollectionLayout layout) {
        VectorParams.Builder dense = VectorParams.newBuilder().setSize(layout.dimension()).setDistance(Distance.Cosine);
        if (layout.multivector()) {
            dense.setMultivectorConfig(MultiVectorConfig.newBuilder().setComparator(MultiVectorComparator.MaxSim));
        }
        CreateCollection.Builder request = CreateCollection.newBuilder()
                .setCollectionName(name)
                .setVectorsConfig(VectorsConfig.newBuilder().setParams(dense))
                .setShardNumber(topology.shards())
                .setReplicationFactor(topology.replicas())
                .setWriteConsistencyFactor(topology.writeConsistency());
        if (layout.bm25()) {
            request.setSparseVectorsConfig(SparseVectorConfig.newBuilder().putMap(CollectionLayout.BM25,
                    SparseVectorParams.newBuilder().setModifier(Modifier.Idf).build()));
        }
        try {
            await("create collection", name, client.createCollectionAsync(request.build()));
            LOG.info("Created Qdrant collection {} ({} dimensions, cosine{}{}; {} shard(s), {} replica(s), write consistency {})",
                    name, layout.dimension(), layout.multivector() ? ", window multivector max_sim" : "",
                    layout.bm25() ? ", bm25" : "", topology.shards(), topology.replicas(), topology.writeConsistency());
        } catch (QdrantException e) {
            // Another process may have created it between our check and our create.
            if (!exists(name)) {
                throw e;
            }
            return read(name);
        }
        // Indexes are queued, not waited for (wait=false): Qdrant builds them behind the writes that follow, and a
        // filter works without them meanwhile. Waiting for each cost ~1.5 s per new collection on this machine,
        // with the file's worker idle (README, Measurements).
        CollectionLayout.INDEXED_FIELDS.forEach((field, type) -> await("index " + field, name,
                client.createPayloadIndexAsync(name, field, type, null, false, null, null)));
        if (layout.phrases()) {
            indexPhrases(name, false);
        }
        return layout;
    }

    /**
     * A full-text index of the chunk text with phrase matching (words lowercased, no stemming, kept on disk), for
     * the exact-words ranking of a search. Idempotent.
     */
    public void indexPhrases(String name) {
        indexPhrases(name, true);
    }

    private void indexPhrases(String name, boolean wait) {
        io.qdrant.client.grpc.Collections.PayloadIndexParams params = io.qdrant.client.grpc.Collections.PayloadIndexParams
                .newBuilder().setTextIndexParams(io.qdrant.client.grpc.Collections.TextIndexParams.newBuilder()
                        .setTokenizer(io.qdrant.client.grpc.Collections.TokenizerType.Word)
                        .setLowercase(true)
                        .setPhraseMatching(true)
                        .setOnDisk(true))
                .build();
        await("index text", name, client.createPayloadIndexAsync(name, "text",
                io.qdrant.client.grpc.Collections.PayloadSchemaType.Text, params, wait, null, null));
        known.remove(name);
    }

    /** Points {@code alias} at {@code collection} in one step (replacing where it pointed before). */
    public void pointAlias(String alias, String collection) {
        List<AliasOperations> operations = new ArrayList<>();
        if (!resolve(alias).equals(alias)) {
            operations.add(AliasOperations.newBuilder()
                    .setDeleteAlias(DeleteAlias.newBuilder().setAliasName(alias)).build());
        }
        operations.add(AliasOperations.newBuilder()
                .setCreateAlias(CreateAlias.newBuilder().setAliasName(alias).setCollectionName(collection)).build());
        await("point alias " + alias, collection, client.updateAliasesAsync(operations));
        known.remove(alias);
    }

    /** Deletes a collection (not an alias). */
    public void delete(String collection) {
        await("delete collection", collection, client.deleteCollectionAsync(collection));
        known.remove(collection);
    }
}
