package dev.reflect.importer.embedding;

import dev.reflect.importer.chunking.Chunk;

/** A chunk with its vector. */
public record EmbeddedChunk(Chunk chunk, float[] vector, String provider) {
}
