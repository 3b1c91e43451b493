package dev.reflect.importer.qdrant;

import io.qdrant.client.VectorFactory;
import io.qdrant.client.VectorsFactory;
import io.qdrant.client.grpc.Points.Document;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.Vector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One chunk ready for Qdrant: the collection it belongs in, its deterministic id, its dense vectors (one per
 * window of its text), the text Qdrant turns into BM25 terms, and its payload. Payload values are String,
 * Integer, Long, Double, Boolean or List of String.
 */
public record ChunkPoint(String collection, UUID id, float[][] vectors, String text, Map<String, Object> payload) {

    /** A point with one dense vector; its BM25 text is the payload's {@code text}. */
    public ChunkPoint(String collection, UUID id, float[] vector, Map<String, Object> payload) {
        this(collection, id, new float[][] {vector}, payload == null ? null : (String) payload.get("text"), payload);
    }

    /** The gRPC point for a collection of {@code layout} (null: one plain vector, no BM25). */
    PointStruct toPointStruct(CollectionLayout layout) {
        Vector dense = layout != null && layout.multivector() ? VectorFactory.multiVector(vectors)
                : VectorFactory.vector(vectors[0]);
        PointStruct.Builder builder = PointStruct.newBuilder().setId(io.qdrant.client.PointIdFactory.id(id));
        if (layout != null && layout.bm25() && text != null && !text.isBlank()) {
            Map<String, Vector> named = new LinkedHashMap<>();
            named.put("", dense);
            named.put(CollectionLayout.BM25, VectorFactory.vector(Document.newBuilder()
                    .setText(text).setModel(CollectionLayout.BM25_MODEL).build()));
            builder.setVectors(VectorsFactory.namedVectors(named));
        } else {
            builder.setVectors(VectorsFactory.vectors(dense));
        }
        builder.putAllPayload(PayloadValues.toValues(payload, "point " + id + " in collection '" + collection + "'"));
        return builder.build();
    }
}
