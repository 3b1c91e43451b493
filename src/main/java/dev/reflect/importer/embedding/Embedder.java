package dev.reflect.importer.embedding;

/**
 * Turns a text into a unit-length vector. Implementations are thread-safe: two workers call
 * {@link #embed(String)} at the same time.
 */
public interface Embedder extends AutoCloseable {

    /** The L2-normalised embedding of one text. */
    float[] embed(String text);

    /**
     * Embeddings of the text's windows, in order, at most {@code maxWindows}: every part of a long text is seen,
     * not only its start. An embedder with one vector per text (Voyage AI: 32k tokens of context) returns one.
     */
    default Windows embedWindows(String text, int maxWindows) {
        return new Windows(new float[][] {embed(text)}, 1);
    }

    /** True when {@link #embedWindows} may return several vectors per text (stored as a multivector). */
    default boolean windowed() {
        return false;
    }

    /**
     * A text's window embeddings.
     *
     * @param vectors the first windows' vectors (never empty)
     * @param total   how many windows the whole text has; more than {@code vectors.length} when it was cut
     */
    record Windows(float[][] vectors, int total) {
        public boolean cut() {
            return total > vectors.length;
        }
    }

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
