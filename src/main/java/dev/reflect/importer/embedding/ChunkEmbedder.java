package dev.reflect.importer.embedding;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.metrics.ImportMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embed step: one chunk's text through the configured embedder. */
public final class ChunkEmbedder {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkEmbedder.class);

    private final Embedder embedder;
    private final ImportMetrics metrics;

    public ChunkEmbedder(Embedder embedder) {
        this(embedder, ImportMetrics.unregistered());
    }

    public ChunkEmbedder(Embedder embedder, ImportMetrics metrics) {
        this.embedder = embedder;
        this.metrics = metrics;
    }

    public EmbeddedChunk embed(Chunk chunk) {
        long started = System.nanoTime();
        float[] vector = embedder.embed(chunk.text());
        metrics.chunkEmbedded(System.nanoTime() - started);
        LOG.debug("Embedded chunk {} of {} in {} ms", chunk.index(), chunk.source().conversationId(),
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedChunk(chunk, vector, embedder.provider());
    }
}
