package dev.reflect.importer.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.onnx.ModelFiles;
import dev.reflect.importer.embedding.onnx.OnnxEmbedder;
import dev.reflect.importer.embedding.voyage.VoyageEmbeddings;

/** Makes the embedder the settings ask for. */
public final class Embedders {

    private Embedders() {
    }

    /** The local ONNX model, or for Voyage AI an embedder of search queries ({@code input_type: query}). */
    public static Embedder create(Settings settings) {
        if (VoyageEmbeddings.PROVIDER.equals(settings.provider())) {
            return new VoyageEmbeddings(settings.voyageUrl(), settings.voyageModel(), settings.voyageApiKey(),
                    settings.voyageMaxTokens(), settings.voyageTimeout(), new ObjectMapper()).queryEmbedder();
        }
        ModelFiles files = ModelFiles.extract(settings.modelCacheDir());
        return new OnnxEmbedder(files.model(), files.tokenizer(), settings.embeddingMaxTokens());
    }
}
