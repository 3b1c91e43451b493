package dev.reflect.importer.embedding;

/**
 * Turns a text into a unit-length vector. Implementations are thread-safe: two workers call
 * {@link #embed(String)} at the same time.
 */
public interface Embedder extends AutoCloseable {

    /** The L2-normalised embedding of one text. */
    float[] embed(String text);

    /** Length of the vectors this embedder returns. */
    int dimension();

    /** Short provider name used in collection names and the state file: {@code local} or {@code voyage}. */
    String provider();

    /**
     * Whether it can embed now, known without embedding anything (the readiness check asks): a local model is
     * ready once loaded, that is when its dimension is known.
     */
    default boolean ready() {
        return dimension() > 0;
    }

    @Override
    void close();
}
