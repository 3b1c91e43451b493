package dev.reflect.importer.embedding.onnx;

/** ONNX Runtime or the tokenizer failed; the message says which action on which input. */
public class OnnxEmbeddingException extends RuntimeException {

    public OnnxEmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
