package dev.reflect.importer.qdrant;

import java.util.Map;
import java.util.UUID;

/**
 * One chunk ready for Qdrant: the collection it belongs in, its deterministic id, its vector and payload.
 * Payload values are String, Integer, Long, Double, Boolean or List of String.
 */
public record ChunkPoint(String collection, UUID id, float[] vector, Map<String, Object> payload) {
}
