package dev.reflect.importer.upgrade;

import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.qdrant.ChunkPoint;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.CollectionLayout;
import dev.reflect.importer.qdrant.QdrantCollections;
import dev.reflect.importer.qdrant.QdrantStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves collections written before hybrid search (one plain vector per point, no BM25) to the current layout,
 * without the log files: Claude Code deletes logs after 30 days, so a point's payload {@code text} is the only
 * source. Each old collection {@code X} is copied page by page into {@code X_hybrid} (re-embedded window by window
 * from the text; for a one-vector provider such as Voyage AI the stored vector is kept, no API call), ids and
 * payloads unchanged, BM25 filled by Qdrant. Once {@code X_hybrid} holds every point, {@code X} is deleted and
 * the alias {@code X} points at {@code X_hybrid}: the name stays, readers notice nothing.
 *
 * <p>Resumable: a page already in the new collection is not embedded again, and a stop between the delete and the
 * alias is completed on the next start. Nothing is removed before its copy is stored.
 */
public final class LayoutUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(LayoutUpgrade.class);
    private static final int PAGE = 32;

    private final QdrantStore qdrant;
    private final CollectionNames names;
    private final QdrantCollections collections;
    private final Embedder embedder;
    private final int maxWindows;

    /** Upgrades the collections {@code names} names (its prefix's) of the embedder's provider. */
    public LayoutUpgrade(QdrantStore qdrant, CollectionNames names, Embedder embedder, int maxWindows) {
        this.qdrant = qdrant;
        this.names = names;
        this.collections = qdrant.collectionAdmin();
        this.embedder = embedder;
        this.maxWindows = maxWindows;
    }

    /** Upgrades every collection of this provider still in the old layout; returns how many were upgraded. */
    public int upgradeAll() {
        int upgraded = 0;
        for (String name : collections.names()) {
            if (!names.isOwn(name, embedder.provider())) {
                continue;
            }
            if (name.endsWith(CollectionNames.UPGRADED_SUFFIX)) {
                // A copy whose alias was not made yet (stopped between the delete and the alias).
                String alias = name.substring(0, name.length() - CollectionNames.UPGRADED_SUFFIX.length());
                if (!collections.exists(alias)) {
                    collections.pointAlias(alias, name);
                    LOG.info("Upgraded collection {}: the name now points at {}", alias, name);
                    upgraded++;
                }
                continue;
            }
            CollectionLayout layout = collections.read(name);
            if (layout.current() && !layout.phrases()) {
                collections.indexPhrases(name);
                LOG.info("Indexed the phrases of collection {} for exact-words search", name);
            }
            if (!collections.resolve(name).equals(name) || layout.current()) {
                continue;
            }
            upgrade(name);
            upgraded++;
        }
        return upgraded;
    }

    /** Copies {@code name} into the current layout, then swaps the name over to the copy. */
    void upgrade(String name) {
        CollectionLayout old = collections.read(name);
        String target = CollectionNames.upgraded(name);
        collections.ensure(target, CollectionLayout.of(old.dimension(), embedder.windowed()));
        long total = qdrant.count(name);
        LOG.info("Upgrading collection {} ({} points) to hybrid search: windows embedded from each point's text, "
                + "BM25 beside them, into {}", name, total, target);
        long copied = 0;
        long embedded = 0;
        UUID from = null;
        do {
            QdrantStore.Page page = qdrant.scroll(name, from, PAGE, !embedder.windowed());
            Set<UUID> done = new HashSet<>(qdrant.existing(target, new ArrayList<>(page.points().keySet())));
            List<ChunkPoint> points = new ArrayList<>();
            for (Map.Entry<UUID, Map<String, Object>> point : page.points().entrySet()) {
                if (done.contains(point.getKey())) {
                    continue;
                }
                points.add(copy(target, point.getKey(), point.getValue(), page.vectors().get(point.getKey())));
            }
            qdrant.upsert(points);
            embedded += points.size();
            copied += page.points().size();
            LOG.info("Upgrading {}: {}/{} points copied ({} embedded in this run)", name, copied, total, embedded);
            from = page.next();
        } while (from != null);
        long stored = qdrant.count(target);
        if (stored < total) {
            throw new IllegalStateException("Upgrade of " + name + " stopped: " + target + " holds " + stored
                    + " of its " + total + " points; " + name + " is kept as it is");
        }
        collections.delete(name);
        collections.pointAlias(name, target);
        LOG.info("Upgraded collection {}: {} points in {}, reached by the name {}", name, stored, target, name);
    }

    private ChunkPoint copy(String target, UUID id, Map<String, Object> payload, float[] storedVector) {
        String text = payload.get("text") == null ? "" : payload.get("text").toString();
        Map<String, Object> kept = new LinkedHashMap<>(payload);
        if (!embedder.windowed() && storedVector != null) {
            return new ChunkPoint(target, id, new float[][] {storedVector}, text, kept);
        }
        Embedder.Windows windows = embedder.embedWindows(text, maxWindows);
        if (windows.cut()) {
            kept.put("windows_total", windows.total());
            kept.put("windows_embedded", windows.vectors().length);
        }
        return new ChunkPoint(target, id, windows.vectors(), text, kept);
    }
}
