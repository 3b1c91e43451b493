package dev.reflect.importer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code reflect watch} as its own process (the packaged jar, as the {@code reflect} script runs it), with its
 * management server on a free loopback port. For the ITs of the management endpoints and the console.
 */
public final class ImporterProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path output;
    private final int managementPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ImporterProcess(Process process, Path output, int managementPort) {
        this.process = process;
        this.output = output;
        this.managementPort = managementPort;
    }

    /**
     * Starts {@code reflect watch --logs logs} with its state under {@code work}, into the test Qdrant server.
     *
     * @param env more environment variables (e.g. {@code QDRANT_API_KEY})
     */
    public static ImporterProcess watch(Path logs, Path work, QdrantServer qdrant, Map<String, String> env) {
        int port;
        try {
            port = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the management server", e);
        }
        Path output = work.resolve("importer.log");
        Process process = ChildProcess.importer(List.of("-Xmx128m", "-XX:+UseSerialGC"), "watch", "--logs", logs.toString())
                .importerEnv(logs, work.resolve("state/imported-files.json"), work.resolve("dead-letters.jsonl"), qdrant)
                .env("WATCH_INTERVAL", "1")
                .env("MANAGEMENT_PORT", Integer.toString(port))
                .env(env)
                .start(output);
        ImporterProcess importer = new ImporterProcess(process, output, port);
        importer.awaitReady();
        return importer;
    }

    public int managementPort() {
        return managementPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** GET of a path on the management server: status and body. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** POST of a JSON request to Jolokia. */
    public HttpResponse<String> jolokia(String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + "/observe/jolokia"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** What the process printed so far. */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + output + ": " + e + ")";
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + " failed; importer output:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted calling " + request.uri(), e);
        }
    }

    /** Waits until /observe/health answers 200 (all readiness checks up). */
    private void awaitReady() {
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/observe/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        List<String> seen = new ArrayList<>();
        try {
            Awaitility.await("the importer ready").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("The importer exited with " + process.exitValue() + ":\n"
                                    + output());
                        }
                        HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                        seen.add(response.statusCode() + " " + response.body());
                        return response.statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            close();
            throw new IllegalStateException("The importer was not ready within " + READY_TIMEOUT + "; last health answers "
                    + seen.subList(Math.max(0, seen.size() - 2), seen.size()) + "; output:\n" + output(), e);
        }
    }

    /** Stops the importer as a user or a service manager would (SIGTERM) and gives its exit code. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The importer did not stop within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
