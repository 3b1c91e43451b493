package dev.reflect.importer.qdrant;

/**
 * The shape of a collection of chunks. Every collection has an unnamed cosine dense vector (so a plain
 * single-vector search, claude-self-reflect's call, still works) and a named sparse vector {@value #BM25}
 * (modifier idf) that Qdrant fills itself from the chunk text with its {@value #BM25_MODEL} inference.
 *
 * @param dimension   the dense vectors' length
 * @param multivector the dense vector is a multivector of the text's windows, compared with max_sim
 * @param bm25        the collection has the sparse BM25 vector; false for a collection from before hybrid
 *                    search (one plain vector per point), which is upgraded at start-up
 * @param phrases     the chunk text has a full-text index with phrase matching, so a search can rank chunks
 *                    holding the query's exact words in order
 */
public record CollectionLayout(int dimension, boolean multivector, boolean bm25, boolean phrases) {

    /** A layout without the phrase index (added later to collections that lack it). */
    public CollectionLayout(int dimension, boolean multivector, boolean bm25) {
        this(dimension, multivector, bm25, false);
    }

    /** Name of the sparse vector. */
    public static final String BM25 = "bm25";
    /** Qdrant's server-side BM25 model. */
    public static final String BM25_MODEL = "qdrant/bm25";
    /** Payload fields searches filter on, with their index type. */
    static final java.util.Map<String, io.qdrant.client.grpc.Collections.PayloadSchemaType> INDEXED_FIELDS =
            java.util.Map.of(
                    "project", io.qdrant.client.grpc.Collections.PayloadSchemaType.Keyword,
                    "conversation_id", io.qdrant.client.grpc.Collections.PayloadSchemaType.Keyword,
                    "timestamp", io.qdrant.client.grpc.Collections.PayloadSchemaType.Datetime,
                    "files_edited", io.qdrant.client.grpc.Collections.PayloadSchemaType.Keyword,
                    "files_analyzed", io.qdrant.client.grpc.Collections.PayloadSchemaType.Keyword,
                    "tools_used", io.qdrant.client.grpc.Collections.PayloadSchemaType.Keyword,
                    "concepts", io.qdrant.client.grpc.Collections.PayloadSchemaType.Keyword);

    public CollectionLayout {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, was " + dimension);
        }
    }

    /** The layout for an embedder: windows as a multivector when it embeds windows. */
    public static CollectionLayout of(int dimension, boolean windowed) {
        return new CollectionLayout(dimension, windowed, true, true);
    }

    /** True for the layout this version writes; false for one that needs the upgrade. */
    public boolean current() {
        return bm25;
    }
}
