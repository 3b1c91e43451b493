package dev.reflect.importer.embedding;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.metrics.ImportMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embed step: one chunk's text, window by window, through the configured embedder. */
public final class ChunkEmbedder {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkEmbedder.class);

    private final Embedder embedder;
    private final ImportMetrics metrics;
    private final int maxWindows;

    public ChunkEmbedder(Embedder embedder, int maxWindows) {
        this(embedder, ImportMetrics.unregistered(), maxWindows);
    }

    public ChunkEmbedder(Embedder embedder, ImportMetrics metrics, int maxWindows) {
        this.embedder = embedder;
        this.metrics = metrics;
        this.maxWindows = maxWindows;
    }

    public EmbeddedChunk embed(Chunk chunk) {
        long started = System.nanoTime();
        Embedder.Windows windows = embedder.embedWindows(chunk.text(), maxWindows);
        metrics.chunkEmbedded(System.nanoTime() - started);
        LOG.debug("Embedded chunk {} of {} ({} of {} windows) in {} ms", chunk.index(),
                chunk.source().conversationId(), windows.vectors().length, windows.total(),
                (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedChunk(chunk, windows.vectors(), windows.total(), embedder.provider(), false);
    }
}
