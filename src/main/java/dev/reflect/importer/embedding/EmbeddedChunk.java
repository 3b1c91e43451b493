package dev.reflect.importer.embedding;

import dev.reflect.importer.chunking.Chunk;

/**
 * A chunk with its vectors: one per window of its text (the local model), or one for the whole text (Voyage AI).
 *
 * @param vectors      the windows' embeddings, in text order (never empty)
 * @param windowsTotal how many windows the text has; more than {@code vectors.length} when only the first were
 *                     embedded (stored as {@code windows_total} in the payload)
 * @param truncated    the provider embedded only the start of the chunk's text (it was longer than the model's
 *                     context); stored as {@code truncated: true} in the payload
 */
public record EmbeddedChunk(Chunk chunk, float[][] vectors, int windowsTotal, String provider, boolean truncated) {

    /** A chunk embedded as one vector. */
    public EmbeddedChunk(Chunk chunk, float[] vector, String provider, boolean truncated) {
        this(chunk, new float[][] {vector}, 1, provider, truncated);
    }

    /** A chunk embedded whole as one vector. */
    public EmbeddedChunk(Chunk chunk, float[] vector, String provider) {
        this(chunk, vector, provider, false);
    }

    /** The first window's vector (the whole text's, for one-vector providers). */
    public float[] vector() {
        return vectors[0];
    }

    public int dimension() {
        return vectors[0].length;
    }
}
