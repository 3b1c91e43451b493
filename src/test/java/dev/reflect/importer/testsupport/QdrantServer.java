package dev.reflect.importer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Qdrant server per test JVM, on free loopback ports with a throw-away storage folder.
 *
 * <p>The first call to {@link #shared()} runs {@code scripts/qdrant.sh install} (downloads and caches the binary
 * once per machine), starts the binary and waits for {@code /readyz}; a shutdown hook stops it and deletes the
 * folder. Tests share the server, so each test should use its own collection names.
 *
 * <p>{@link #start(Map, SSLContext)} starts a server of a test's own, configured by Qdrant's environment variables
 * (an API key, TLS), which the test closes.
 */
public final class QdrantServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QdrantServer.class);

    private static final String HOST = "127.0.0.1";
    private static final Path SCRIPT = Paths.get("scripts", "qdrant.sh");
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /** Two free ports are picked, closed and then bound by Qdrant: another process may take one in between. */
    private static final int START_ATTEMPTS = 3;

    private static QdrantServer shared;
    private static RuntimeException sharedFailure;

    private final Process process;
    private final Path storageDir;
    private final int httpPort;
    private final int grpcPort;
    /** Trusts the server's certificate when it serves TLS; null for plain HTTP. */
    private final SSLContext tls;

    private QdrantServer(Process process, Path storageDir, int httpPort, int grpcPort, SSLContext tls) {
        this.process = process;
        this.storageDir = storageDir;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.tls = tls;
    }

    /** The JVM's server, started on first use; later calls after a failed start rethrow the same failure. */
    public static synchronized QdrantServer shared() {
        if (sharedFailure != null) {
            throw sharedFailure;
        }
        if (shared == null) {
            try {
                shared = start(Map.of(), null);
                Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "qdrant-server-stop"));
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    public String host() {
        return HOST;
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** For example {@code http://127.0.0.1:41234}, or {@code https://...} when the server serves TLS. */
    public String httpUrl() {
        return (tls == null ? "http://" : "https://") + HOST + ":" + httpPort;
    }

    /** The Qdrant binary {@code scripts/qdrant.sh install} caches (installed on first use). */
    public static Path binary() {
        return install(findScript());
    }

    /**
     * A server of the caller's own, which the caller closes.
     *
     * @param serverEnv Qdrant settings as its environment variables, e.g. {@code QDRANT__SERVICE__API_KEY}
     * @param tls       trusts the certificate the server serves with {@code QDRANT__SERVICE__ENABLE_TLS=true}
     *                  (its readiness is asked over https), or null for plain HTTP
     */
    public static QdrantServer start(Map<String, String> serverEnv, SSLContext tls) {
        long started = System.nanoTime();
        Path script = findScript();
        Path binary = install(script);
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            QdrantServer server = launch(binary, serverEnv, tls);
            String failure = server.awaitReady();
            if (failure == null) {
                LOG.info("Qdrant ready at {} (grpc {}) in {} ms", server.httpUrl(), server.grpcPort,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return server;
            }
            failures.add("attempt " + attempt + ": " + failure);
            server.stop();
        }
        throw new IllegalStateException("Qdrant did not start:\n" + String.join("\n", failures));
    }

    /** {@code scripts/qdrant.sh} under the Maven basedir or the working dir, or one of their parents. */
    private static Path findScript() {
        List<Path> roots = new ArrayList<>();
        String basedir = System.getProperty("basedir");
        if (basedir != null) {
            roots.add(Paths.get(basedir));
        }
        roots.add(Paths.get(System.getProperty("user.dir")));
        for (Path root : roots) {
            for (Path dir = root.toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(SCRIPT);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("No " + SCRIPT + " found under " + roots + " or their parents");
    }

    private static Path install(Path script) {
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "install")
                .directory(script.getParent().getParent().toFile())
                .redirectErrorStream(true);
        try {
            Process install = builder.start();
            install.getOutputStream().close();
            // Output is small (a few lines); reading it to the end also waits for the script to finish.
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!install.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                install.destroyForcibly();
                throw new IllegalStateException(script + " install timed out after " + INSTALL_TIMEOUT
                        + "; output:\n" + output);
            }
            if (install.exitValue() != 0) {
                throw new IllegalStateException(script + " install failed with exit code " + install.exitValue()
                        + "; output:\n" + output);
            }
            String[] lines = output.split("\\R");
            Path binary = Paths.get(lines[lines.length - 1].strip());
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(script + " install did not print an executable path; output:\n"
                        + output);
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + script + " install", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + script + " install", e);
        }
    }

    private static QdrantServer launch(Path binary, Map<String, String> serverEnv, SSLContext tls) {
        Path storageDir = null;
        try {
            storageDir = Files.createTempDirectory("qdrant-it-");
            Path workDir = Files.createDirectories(storageDir.resolve("work"));
            int[] ports = freePorts(2);
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--disable-telemetry")
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(storageDir.resolve("qdrant.log").toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("QDRANT__"));
            env.put("QDRANT__SERVICE__HOST", HOST);
            env.put("QDRANT__SERVICE__HTTP_PORT", Integer.toString(ports[0]));
            env.put("QDRANT__SERVICE__GRPC_PORT", Integer.toString(ports[1]));
            env.put("QDRANT__STORAGE__STORAGE_PATH", storageDir.resolve("storage").toString());
            env.put("QDRANT__STORAGE__SNAPSHOTS_PATH", storageDir.resolve("snapshots").toString());
            env.put("QDRANT__TELEMETRY_DISABLED", "true");
            env.putAll(serverEnv);
            Process process = builder.start();
            process.getOutputStream().close();
            return new QdrantServer(process, storageDir, ports[0], ports[1], tls);
        } catch (IOException e) {
            if (storageDir != null) {
                deleteRecursively(storageDir);
            }
            throw new UncheckedIOException("Could not start " + binary, e);
        }
    }

    private static int[] freePorts(int count) throws IOException {
        InetAddress loopback = InetAddress.getByName(HOST);
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, loopback);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Null when {@code /readyz} answered 200, otherwise why not. */
    private String awaitReady() {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
        HttpClient http = (tls == null ? client : client.sslContext(tls)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl() + "/readyz"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return null;
                    }
                } catch (ConnectException | HttpTimeoutException e) {
                    LOG.debug("Qdrant not answering yet: {}", e.toString());
                }
                // Waits for the next poll, or returns at once if the server died.
                if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    return "qdrant exited with code " + process.exitValue() + "; log:\n" + logTail();
                }
            }
            return "no 200 from " + httpUrl() + "/readyz within " + READY_TIMEOUT + "; log:\n" + logTail();
        } catch (IOException e) {
            return "readiness check failed: " + e + "; log:\n" + logTail();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for Qdrant";
        }
    }

    private String logTail() {
        Path log = storageDir.resolve("qdrant.log");
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(could not read " + log + ": " + e + ")";
        }
    }

    /** Stops a server of {@link #start(Map, SSLContext)} and deletes its storage. */
    @Override
    public void close() {
        stop();
    }

    /** The server's output so far (its log), for assertions on what it was asked. */
    public String log() {
        try {
            return Files.readString(storageDir.resolve("qdrant.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Qdrant log in " + storageDir, e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteRecursively(storageDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Runs in a shutdown hook: nobody to throw to, so say it where the build log shows it.
            System.err.println("Could not delete Qdrant test storage " + dir + ": " + e);
        }
    }
}
