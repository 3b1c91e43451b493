package dev.reflect.importer.app;

import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.onnx.ModelFiles;
import dev.reflect.importer.embedding.onnx.OnnxEmbedder;

/** Makes the embedder the settings ask for. */
final class Embedders {

    private Embedders() {
    }

    static Embedder create(Settings settings) {
        ModelFiles files = ModelFiles.extract(settings.modelCacheDir());
        return new OnnxEmbedder(files.model(), files.tokenizer(), settings.embeddingMaxTokens());
    }
}
