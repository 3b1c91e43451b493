package dev.reflect.importer.embedding.voyage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.embedding.EmbeddedChunk;
import dev.reflect.importer.embedding.Embedder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voyage AI's embeddings API as the importer uses it: {@code POST {url}/embeddings} with
 * {@code {"input": [...], "model": ..., "input_type": "document"|"query"}} and a bearer key, read back
 * from {@code data[].embedding} placed by {@code data[].index}.
 *
 * <p>The import calls it through camel-http ({@code routes/voyage.yaml}): {@link #request} builds a batch's
 * request, {@link #response} reads the answer into embedded chunks or throws what the error handling acts
 * on: {@link VoyageRetryableException} (429, 5xx; with the {@code Retry-After} the API sent),
 * {@link VoyageBatchTooLargeException} (split the batch), {@link VoyageRejectedException} (400, 401, 403: stop).
 * {@code reflect search} has no Camel: {@link #queryEmbedder()} embeds its query with java.net.http.
 *
 * <p>The key is only put in the {@code Authorization} header; it is never logged nor part of a message.
 */
public final class VoyageEmbeddings {

    /** The provider's name, also the suffix of its collections ({@code conv_<hash>_voyage}). */
    public static final String PROVIDER = "voyage";
    /** The exchange property holding the chunks a request embeds, kept across retries for the failure path. */
    public static final String BATCH = "voyageBatch";

    private static final Logger LOG = LoggerFactory.getLogger(VoyageEmbeddings.class);
    /** A 400 for a batch too large names the batch (or its tokens, its inputs) and a limit, in any order. */
    private static final Pattern BATCH_WORDS = Pattern.compile("(?i)\\b(batch|tokens|inputs)\\b");
    private static final Pattern LIMIT_WORDS = Pattern.compile(
            "(?i)too large|too many|too long|max(imum)? allowed|exceed|limit|lower the number");
    private static final int DETAIL_CHARS = 300;

    private final String url;
    private final String model;
    private final String apiKey;
    private final Tokens tokens;
    private final Duration timeout;
    private final ObjectMapper mapper;

    /**
     * @param url              the API root, e.g. {@code https://api.voyageai.com/v1}
     * @param apiKey           the key, from the environment; null when Voyage is not the provider (then nothing
     *                         may be sent)
     * @param maxTokensPerText the model's context; longer texts are cut by the conservative estimate
     * @param timeout          for connecting and for the answer
     */
    public VoyageEmbeddings(String url, String model, String apiKey, int maxTokensPerText, Duration timeout,
                            ObjectMapper mapper) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.model = model;
        this.apiKey = apiKey;
        this.tokens = new Tokens(maxTokensPerText);
        this.timeout = timeout;
        this.mapper = mapper;
    }

    /** The model's name, as sent. */
    public String model() {
        return model;
    }

    /** Whether requests can be authorised: the key is set (it is never shown). */
    boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /**
     * Sets camel-http's timeouts (connect and answer) and turns off its own retries, so that every retry is
     * the error handling's, counted, delayed and logged there.
     */
    public void configureHttp(CamelContext context) {
        for (String scheme : List.of("http", "https")) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(timeout.toMillis());
            http.setResponseTimeout(timeout.toMillis());
            http.setAutomaticRetriesDisabled(true);
        }
    }

    /** The request for a batch of chunks: JSON body returned, method, content type and key set as headers. */
    public String request(@Body List<Chunk> batch, @Headers Map<String, Object> headers) {
        List<String> input = new ArrayList<>(batch.size());
        int estimated = 0;
        for (Chunk chunk : batch) {
            input.add(tokens.truncate(chunk.text()));
            estimated += tokens.estimateSent(chunk.text());
        }
        // Only what the API needs goes out: none of the chunk's own headers (Camel's are never sent).
        headers.keySet().removeIf(name -> !name.startsWith("Camel"));
        headers.put(Exchange.HTTP_METHOD, "POST");
        headers.put(Exchange.CONTENT_TYPE, "application/json");
        headers.put("Authorization", "Bearer " + key());
        LOG.debug("Sending {} chunks (~{} tokens) to {} for embedding", batch.size(), estimated, model);
        return json(new EmbeddingsRequest(input, model, "document"));
    }

    /**
     * The answer to {@link #request}: the batch's chunks with their vectors, in the batch's order, or the
     * typed exception that says what to do about a refusal.
     */
    public List<EmbeddedChunk> response(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                                        @Header("Retry-After") String retryAfter, @Body String body,
                                        @ExchangeProperty(BATCH) List<Chunk> batch) {
        int code = status == null ? 0 : status;
        if (code != 200) {
            throw failure(code, retryAfter, body, batch.size());
        }
        float[][] vectors = vectors(body, batch.size());
        List<EmbeddedChunk> embedded = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Chunk chunk = batch.get(i);
            embedded.add(new EmbeddedChunk(chunk, vectors[i], PROVIDER, tokens.isTooLong(chunk.text())));
        }
        LOG.debug("Embedded {} chunks with {} ({} dimensions)", batch.size(), model, vectors[0].length);
        return embedded;
    }

    /** An {@link Embedder} for search queries ({@code input_type: query}) over java.net.http, without Camel. */
    public Embedder queryEmbedder() {
        return new VoyageQueryEmbedder(this, HttpClient.newBuilder().connectTimeout(timeout).build());
    }

    float[] embedQuery(HttpClient http, String text) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/embeddings"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key())
                .POST(HttpRequest.BodyPublishers.ofString(
                        json(new EmbeddingsRequest(List.of(tokens.truncate(text)), model, "query")), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new VoyageRetryableException("Voyage AI at " + url + " could not be reached to embed the query: " + e, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VoyageException("Interrupted while embedding the query with Voyage AI", 0);
        }
        if (response.statusCode() != 200) {
            throw failure(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), response.body(), 1);
        }
        return vectors(response.body(), 1)[0];
    }

    private String key() {
        if (apiKey == null) {
            throw new IllegalStateException("No Voyage AI key: set VOYAGE_API_KEY (or VOYAGE_KEY)");
        }
        return apiKey;
    }

    private String json(EmbeddingsRequest request) {
        try {
            return mapper.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the Voyage AI request as JSON", e);
        }
    }

    /** The vectors of an answer, placed by {@code index}; all present, all of one size. */
    private float[][] vectors(String body, int expected) {
        EmbeddingsResponse response;
        try {
            response = mapper.readValue(body, EmbeddingsResponse.class);
        } catch (JsonProcessingException e) {
            throw new VoyageException("Voyage AI answered 200 with a body that is not an embeddings response: "
                    + e.getOriginalMessage(), 200);
        }
        if (response.data() == null || response.data().size() != expected) {
            throw new VoyageException("Voyage AI answered " + (response.data() == null ? 0 : response.data().size())
                    + " embeddings for " + expected + " texts", 200);
        }
        float[][] vectors = new float[expected][];
        for (EmbeddingsResponse.Item item : response.data()) {
            if (item.index() < 0 || item.index() >= expected || vectors[item.index()] != null || item.embedding() == null
                    || item.embedding().length == 0) {
                throw new VoyageException("Voyage AI answered an embedding with index " + item.index()
                        + " that is missing, repeated or out of range for " + expected + " texts", 200);
            }
            vectors[item.index()] = item.embedding();
        }
        for (float[] vector : vectors) {
            if (vector.length != vectors[0].length) {
                throw new VoyageException("Voyage AI answered embeddings of sizes " + vectors[0].length + " and "
                        + vector.length + " in one response", 200);
            }
        }
        return vectors;
    }

    /** The exception for a refused request: what to do about it is chosen by its type. */
    private VoyageException failure(int status, String retryAfter, String body, int texts) {
        String detail = detail(body);
        String what = "Voyage AI answered " + status + " " + reason(status) + " to a request of " + texts
                + (texts == 1 ? " text" : " texts") + " for " + model;
        if (status == 429 || status == 408 || status >= 500) {
            Duration wait = retryAfter(retryAfter);
            return new VoyageRetryableException(what + (wait == null ? "" : " (Retry-After " + retryAfter.trim() + " s)")
                    + ": " + detail, status, wait);
        }
        if (status == 400 && texts > 1 && BATCH_WORDS.matcher(detail).find() && LIMIT_WORDS.matcher(detail).find()) {
            return new VoyageBatchTooLargeException(what + ", too large: " + detail + "; sending each half", status);
        }
        String hint = switch (status) {
            case 401 -> ". Check VOYAGE_API_KEY (or VOYAGE_KEY)";
            case 403 -> ". The key may not be allowed to use " + model + " (VOYAGE_MODEL)";
            default -> "";
        };
        return new VoyageRejectedException(what + ": " + (hint.isEmpty() ? detail : detail.replaceAll("\\.+$", "")) + hint,
                status);
    }

    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String detail = body;
        try {
            ErrorResponse error = mapper.readValue(body, ErrorResponse.class);
            if (error.detail() != null) {
                detail = error.detail();
            }
        } catch (JsonProcessingException e) {
            // not JSON: the body as it is
        }
        detail = detail.replaceAll("\\s+", " ").trim();
        return detail.length() <= DETAIL_CHARS ? detail : detail.substring(0, DETAIL_CHARS) + "…";
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    /** {@code Retry-After} as seconds (possibly fractional) or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 ? Duration.ofMillis(Math.round(seconds * 1000)) : null;
        } catch (NumberFormatException e) {
            // not seconds: maybe a date
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT)).toInstant();
            Duration wait = Duration.between(Instant.now(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            LOG.debug("Ignoring a Retry-After that is neither seconds nor a date: {}", value);
            return null;
        }
    }
}
