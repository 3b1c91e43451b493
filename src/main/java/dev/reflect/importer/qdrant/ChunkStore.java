package dev.reflect.importer.qdrant;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.chunking.ChunkPayloads;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.embedding.EmbeddedChunk;
import java.util.ArrayList;
import java.util.List;

/** The store step: embedded chunks as points in their projects' collections, created when missing. */
public final class ChunkStore {

    private final QdrantStore qdrant;

    public ChunkStore(QdrantStore qdrant) {
        this.qdrant = qdrant;
    }

    /** Stores a batch of embedded chunks in one request per collection; returns the chunks stored. */
    public List<Chunk> storeAll(List<EmbeddedChunk> batch) {
        List<ChunkPoint> points = new ArrayList<>(batch.size());
        List<Chunk> chunks = new ArrayList<>(batch.size());
        for (EmbeddedChunk embedded : batch) {
            Chunk chunk = embedded.chunk();
            String collection = ProjectNames.collectionName(chunk.source().project(), embedded.provider());
            qdrant.ensureCollection(collection, embedded.vector().length);
            points.add(new ChunkPoint(collection, PointIds.of(chunk.source().conversationId(), chunk.index()),
                    embedded.vector(), ChunkPayloads.of(chunk)));
            chunks.add(chunk);
        }
        qdrant.upsert(points);
        return chunks;
    }
}
