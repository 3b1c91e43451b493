package dev.reflect.importer.embedding.voyage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The body of {@code POST /embeddings}. */
record EmbeddingsRequest(List<String> input, String model, @JsonProperty("input_type") String inputType) {
}
