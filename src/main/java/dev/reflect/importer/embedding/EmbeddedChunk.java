package dev.reflect.importer.embedding;

import dev.reflect.importer.chunking.Chunk;

/**
 * A chunk with its vector.
 *
 * @param truncated the provider embedded only the start of the chunk's text (it was longer than the model's
 *                  context); stored as {@code truncated: true} in the payload
 */
public record EmbeddedChunk(Chunk chunk, float[] vector, String provider, boolean truncated) {

    /** A chunk embedded whole. */
    public EmbeddedChunk(Chunk chunk, float[] vector, String provider) {
        this(chunk, vector, provider, false);
    }
}
