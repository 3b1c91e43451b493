package dev.reflect.importer.embedding.voyage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.chunking.SourceFile;
import dev.reflect.importer.embedding.EmbeddedChunk;
import dev.reflect.importer.transcript.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

class VoyageEmbeddingsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final VoyageEmbeddings voyage = new VoyageEmbeddings("https://api.example/v1/", "voyage-3-large", "secret-key",
            100, Duration.ofSeconds(5), MAPPER);

    @Test
    void should_build_a_document_request_with_the_bearer_key_and_texts_cut_to_the_context() throws Exception {
        Map<String, Object> headers = new HashMap<>(Map.of("importPriority", "hot", Exchange.REDELIVERY_COUNTER, 1));
        String body = voyage.request(List.of(chunk("short"), chunk("x".repeat(1000))), headers);

        JsonNode json = MAPPER.readTree(body);
        assertThat(json.path("model").asText()).isEqualTo("voyage-3-large");
        assertThat(json.path("input_type").asText()).isEqualTo("document");
        assertThat(json.path("input").get(0).asText()).isEqualTo("USER: short");
        assertThat(json.path("input").get(1).asText()).hasSize(300);
        assertThat(headers).containsEntry("Authorization", "Bearer secret-key")
                .containsEntry(Exchange.HTTP_METHOD, "POST")
                .containsEntry(Exchange.REDELIVERY_COUNTER, 1)
                .doesNotContainKey("importPriority");
    }

    @Test
    void should_place_vectors_by_index_and_mark_a_cut_chunk_truncated() {
        List<Chunk> batch = List.of(chunk("first"), chunk("y".repeat(1000)));
        String body = "{\"object\":\"list\",\"data\":[{\"embedding\":[0.0,1.0],\"index\":1},{\"embedding\":[1.0,0.0],\"index\":0}],"
                + "\"model\":\"voyage-3-large\",\"usage\":{\"total_tokens\":9}}";

        List<EmbeddedChunk> embedded = voyage.response(200, null, body, batch);

        assertThat(embedded).extracting(EmbeddedChunk::chunk).containsExactlyElementsOf(batch);
        assertThat(embedded.get(0).vector()).containsExactly(1f, 0f);
        assertThat(embedded.get(1).vector()).containsExactly(0f, 1f);
        assertThat(embedded).extracting(EmbeddedChunk::truncated).containsExactly(false, true);
        assertThat(embedded).extracting(EmbeddedChunk::provider).containsOnly("voyage");
    }

    @Test
    void should_refuse_an_answer_missing_an_embedding() {
        String body = "{\"data\":[{\"embedding\":[1.0],\"index\":0}]}";
        assertThatThrownBy(() -> voyage.response(200, null, body, List.of(chunk("a"), chunk("b"))))
                .isExactlyInstanceOf(VoyageException.class).hasMessageContaining("1 embeddings for 2 texts");
    }

    @Test
    void should_make_429_and_5xx_retryable_with_the_retry_after_the_api_sent() {
        assertThatThrownBy(() -> voyage.response(429, "2", "{\"detail\":\"slow down\"}", List.of(chunk("a"))))
                .isInstanceOfSatisfying(VoyageRetryableException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                    assertThat(e.getMessage()).contains("429 Too Many Requests").contains("slow down");
                });
        assertThatThrownBy(() -> voyage.response(503, null, "", List.of(chunk("a"))))
                .isInstanceOfSatisfying(VoyageRetryableException.class, e -> assertThat(e.retryAfter()).isEmpty());
    }

    @Test
    void should_tell_a_batch_too_large_from_another_400() {
        String tooLarge = "{\"detail\":\"The max allowed tokens per submitted batch is 120000. Your batch has 150000 tokens.\"}";
        assertThatThrownBy(() -> voyage.response(400, null, tooLarge, List.of(chunk("a"), chunk("b"))))
                .isInstanceOf(VoyageBatchTooLargeException.class);
        assertThatThrownBy(() -> voyage.response(400, null, "{\"detail\":\"input_type must be query or document\"}",
                List.of(chunk("a"), chunk("b"))))
                .isInstanceOf(VoyageRejectedException.class).hasMessageContaining("400 Bad Request");
    }

    @Test
    void should_reject_401_naming_the_key_variables_without_the_key() {
        assertThatThrownBy(() -> voyage.response(401, null, "{\"detail\":\"Provided API key is invalid.\"}", List.of(chunk("a"))))
                .isInstanceOf(VoyageRejectedException.class)
                .hasMessageContaining("401 Unauthorized").hasMessageContaining("VOYAGE_API_KEY")
                .hasMessageNotContaining("secret-key");
    }

    @Test
    void should_read_retry_after_as_seconds_or_an_http_date() {
        assertThat(VoyageEmbeddings.retryAfter("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(VoyageEmbeddings.retryAfter("soon")).isNull();
        assertThat(VoyageEmbeddings.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    static Chunk chunk(String text) {
        SourceFile source = new SourceFile(Path.of("/logs/-home-you-app/c.jsonl").toAbsolutePath(),
                Path.of("/logs").toAbsolutePath(), Instant.EPOCH);
        return new Chunk(source, 0, List.of(new Message("user", text, null, null, false, List.of(), 1, 0, 0)));
    }
}
