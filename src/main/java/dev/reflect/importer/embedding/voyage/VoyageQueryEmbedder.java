package dev.reflect.importer.embedding.voyage;

import dev.reflect.importer.embedding.Embedder;
import java.net.http.HttpClient;

/** Embeds search queries with Voyage AI ({@code input_type: query}), one request per query. */
final class VoyageQueryEmbedder implements Embedder {

    private final VoyageEmbeddings voyage;
    private final HttpClient http;
    private volatile int dimension;

    VoyageQueryEmbedder(VoyageEmbeddings voyage, HttpClient http) {
        this.voyage = voyage;
        this.http = http;
    }

    @Override
    public float[] embed(String text) {
        float[] vector = voyage.embedQuery(http, text);
        dimension = vector.length;
        return vector;
    }

    /** Known after the first query (the model decides it); 0 before. */
    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String provider() {
        return VoyageEmbeddings.PROVIDER;
    }

    /**
     * Ready when the key is set. The dimension is the model's, known only from an answer, and the readiness
     * check must not spend a request (nor the key's quota) on every probe.
     */
    @Override
    public boolean ready() {
        return voyage.hasApiKey();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient holds no resource to release on Java 17; its threads end when unused.
    }
}
