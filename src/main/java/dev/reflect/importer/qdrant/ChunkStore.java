package dev.reflect.importer.qdrant;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.chunking.ChunkPayloads;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.embedding.EmbeddedChunk;
import java.util.List;

/** The store step: an embedded chunk as a point in its project's collection, created when missing. */
public final class ChunkStore {

    private final QdrantStore qdrant;

    public ChunkStore(QdrantStore qdrant) {
        this.qdrant = qdrant;
    }

    public Chunk store(EmbeddedChunk embedded) {
        Chunk chunk = embedded.chunk();
        String collection = ProjectNames.collectionName(chunk.source().project(), embedded.provider());
        qdrant.ensureCollection(collection, embedded.vector().length);
        qdrant.upsert(List.of(new ChunkPoint(collection, PointIds.of(chunk.source().conversationId(), chunk.index()),
                embedded.vector(), ChunkPayloads.of(chunk))));
        return chunk;
    }
}
