package dev.reflect.importer.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.onnx.ModelFiles;
import dev.reflect.importer.embedding.onnx.OnnxEmbedder;
import dev.reflect.importer.embedding.voyage.VoyageEmbeddings;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.search.SearchService;

/** Makes the embedder the settings ask for, and the search over it. */
public final class Embedders {

    private Embedders() {
    }

    /** The local ONNX model, or for Voyage AI an embedder of search queries ({@code input_type: query}). */
    public static Embedder create(Settings settings) {
        if (VoyageEmbeddings.PROVIDER.equals(settings.provider())) {
            return new VoyageEmbeddings(settings.voyageUrl(), settings.voyageModel(), settings.voyageApiKey(),
                    settings.voyageMaxTokens(), settings.voyageTimeout(), new ObjectMapper()).queryEmbedder();
        }
        ModelFiles files = ModelFiles.extract(settings.modelCacheDir(), settings.embeddingPrecision());
        return new OnnxEmbedder(files.model(), files.tokenizer(), settings.embeddingMaxTokens(),
                settings.embeddingWindowOverlap(), settings.onnxCpuArena());
    }

    /**
     * The search of {@code reflect search} and {@code reflect mcp}: the query embedder and a Qdrant client made
     * once, closed with the search. Qdrant calls time out after SEARCH_TIMEOUT_MS.
     */
    public static SearchService search(Settings settings) {
        QdrantStore qdrant = new QdrantStore(settings.qdrantEndpoint(), settings.searchTimeout(),
                settings.collectionTopology());
        try {
            return SearchService.owning(qdrant, settings.collectionNames(), create(settings), settings.memoryDecay(), settings.decayWeight(),
                    settings.decayScaleDays(), settings.searchTimeout());
        } catch (RuntimeException e) {
            qdrant.close();
            throw e;
        }
    }
}
