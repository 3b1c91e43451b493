package dev.reflect.importer.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for Voyage AI's embeddings API on 127.0.0.1, speaking its contract:
 * {@code POST /embeddings} with {@code {"input": [...], "model", "input_type"}} and a bearer key, answering
 * {@code {"object": "list", "data": [{"object": "embedding", "embedding": [...], "index": i}], "model", "usage"}}
 * with deterministic unit-length 1024-d vectors made from a hash of each text (data in reverse order, so a
 * client must place them by index). Errors answer {@code {"detail": "..."}} as the API does.
 *
 * <p>Answers are scripted: {@link #then} queues the next answers (a status with or without Retry-After, a
 * slow answer); once the script is used up every request is answered 200. {@link #maxInputs} makes every
 * request with more texts answer the API's 400 for a batch too large. Every request is recorded.
 */
public final class VoyageContractServer implements AutoCloseable {

    public static final int DIMENSION = 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One request as received, with its arrival time, the status it was answered and whether that came late. */
    public record Request(long receivedNanos, List<String> input, String model, String inputType, String authorization,
                          int status, boolean slow) {
    }

    /** A scripted answer. */
    public record Answer(int status, String retryAfter, Duration delay, String detail) {
        public static Answer status(int status, String detail) {
            return new Answer(status, null, Duration.ZERO, detail);
        }

        public static Answer retryAfter(int status, String retryAfterSeconds) {
            return new Answer(status, retryAfterSeconds, Duration.ZERO, "Rate limit exceeded, retry later.");
        }

        /** A 200 that comes only after the delay (past the client's timeout). */
        public static Answer slow(Duration delay) {
            return new Answer(200, null, delay, null);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int maxInputs = Integer.MAX_VALUE;

    public VoyageContractServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Voyage contract server", e);
        }
        server.createContext("/v1/embeddings", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The API root to set as VOYAGE_URL, e.g. {@code http://127.0.0.1:41234/v1}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public VoyageContractServer then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Requests with more texts than this are answered 400, batch too large. */
    public VoyageContractServer maxInputs(int max) {
        this.maxInputs = max;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Texts embedded by the 200 answers given in time, one entry per time a text was embedded. */
    public List<String> embeddedTexts() {
        List<String> texts = new ArrayList<>();
        requests.stream().filter(r -> r.status() == 200 && !r.slow()).forEach(r -> texts.addAll(r.input()));
        return texts;
    }

    /** The vector this server gives a text: unit length, from the text's SHA-256. */
    public static float[] vectorOf(String text) {
        long seed;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (hash[i] & 0xff);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Random random = new Random(seed);
        float[] vector = new float[DIMENSION];
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) random.nextGaussian();
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long received = System.nanoTime();
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            List<String> input = new ArrayList<>();
            body.path("input").forEach(text -> input.add(text.asText()));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Answer answer = answerFor(input, authorization);
            requests.add(new Request(received, input, body.path("model").asText(), body.path("input_type").asText(),
                    authorization, answer.status(), !answer.delay().isZero()));
            if (!answer.delay().isZero() && closed.await(answer.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            ObjectNode json = answer.status() == 200 ? embeddings(input, body.path("model").asText()) : error(answer.detail());
            byte[] bytes = MAPPER.writeValueAsBytes(json);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up on a slow answer: nothing left to answer
        }
    }

    private Answer answerFor(List<String> input, String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Answer.status(401, "Provided API key is invalid.");
        }
        if (input.size() > maxInputs) {
            return Answer.status(400, "Request to model 'voyage-3-large' failed. The max allowed tokens per submitted "
                    + "batch is 120000. Your batch has 150000 tokens after truncation. Please lower the number of "
                    + "tokens in the batch.");
        }
        Answer next = script.poll();
        return next != null ? next : Answer.status(200, null);
    }

    private static ObjectNode embeddings(List<String> input, String model) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("object", "list");
        ArrayNode data = json.putArray("data");
        for (int i = input.size() - 1; i >= 0; i--) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            ArrayNode embedding = item.putArray("embedding");
            for (float value : vectorOf(input.get(i))) {
                embedding.add(value);
            }
            item.put("index", i);
        }
        json.put("model", model);
        json.putObject("usage").put("total_tokens", input.stream().mapToInt(t -> t.length() / 4 + 1).sum());
        return json;
    }

    private static ObjectNode error(String detail) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("detail", detail);
        return json;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
