package dev.reflect.importer.embedding.voyage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The answer of {@code POST /embeddings}: one item per input, in any order, placed by {@code index}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record EmbeddingsResponse(List<Item> data, String model) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(int index, float[] embedding) {
    }
}
