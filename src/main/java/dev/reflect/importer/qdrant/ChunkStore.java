package dev.reflect.importer.qdrant;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.chunking.ChunkPayloads;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.embedding.EmbeddedChunk;
import dev.reflect.importer.importing.StalePoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The store step: embedded chunks as points in their projects' collections, created when missing. */
public final class ChunkStore implements StalePoints {

    private final QdrantStore qdrant;
    private final CollectionNames names;
    private final boolean windowed;

    /** @param windowed the embedder embeds windows, so new collections hold a multivector per point */
    public ChunkStore(QdrantStore qdrant, CollectionNames names, boolean windowed) {
        this.qdrant = qdrant;
        this.names = names;
        this.windowed = windowed;
    }

    /** Stores a batch of embedded chunks in one request per collection; returns the chunks stored. */
    public List<Chunk> storeAll(List<EmbeddedChunk> batch) {
        List<ChunkPoint> points = new ArrayList<>(batch.size());
        List<Chunk> chunks = new ArrayList<>(batch.size());
        for (EmbeddedChunk embedded : batch) {
            Chunk chunk = embedded.chunk();
            String collection = names.conversations(chunk.source().project(), embedded.provider());
            qdrant.ensureCollection(collection, CollectionLayout.of(embedded.dimension(), embedded.vectors().length > 1
                    || windowed));
            Map<String, Object> payload = ChunkPayloads.of(chunk);
            if (embedded.truncated()) {
                payload.put("truncated", true);
            }
            if (embedded.windowsTotal() > embedded.vectors().length) {
                payload.put("windows_total", embedded.windowsTotal());
                payload.put("windows_embedded", embedded.vectors().length);
            }
            points.add(new ChunkPoint(collection, PointIds.of(chunk.source().conversationId(), chunk.index()),
                    embedded.vectors(), (String) payload.get("text"), payload));
            chunks.add(chunk);
        }
        qdrant.upsert(points);
        return chunks;
    }

    @Override
    public void deleteChunks(String collection, String conversationId, int fromIndex, int toIndex) {
        List<java.util.UUID> ids = new ArrayList<>();
        for (int index = fromIndex; index < toIndex; index++) {
            ids.add(PointIds.of(conversationId, index));
        }
        if (!ids.isEmpty() && qdrant.collections().contains(collection)) {
            qdrant.delete(collection, ids);
        }
    }
}
