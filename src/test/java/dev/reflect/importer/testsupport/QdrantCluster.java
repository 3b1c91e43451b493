package dev.reflect.importer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Qdrant cluster of N nodes on 127.0.0.1 (the binary of {@code scripts/qdrant.sh install}): each node with
 * its own HTTP, gRPC and p2p ports and storage folder, node 1 started with {@code --uri}, the others with
 * {@code --bootstrap} to node 1. A node can be killed with SIGKILL and started again on its storage.
 */
public final class QdrantCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QdrantCluster.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** One node: its ports, folder and (while it runs) process. */
    public static final class Node {
        final int index;
        final int httpPort;
        final int grpcPort;
        final int p2pPort;
        final Path dir;
        Process process;

        Node(int index, int httpPort, int grpcPort, int p2pPort, Path dir) {
            this.index = index;
            this.httpPort = httpPort;
            this.grpcPort = grpcPort;
            this.p2pPort = p2pPort;
            this.dir = dir;
        }

        public String httpUrl() {
            return "http://" + HOST + ":" + httpPort;
        }

        public int grpcPort() {
            return grpcPort;
        }

        public String host() {
            return HOST;
        }
    }

    private final Path binary;
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private QdrantCluster(Path binary) {
        this.binary = binary;
    }

    /** Starts {@code size} nodes under {@code root} and waits until node 1 sees all of them as peers. */
    public static QdrantCluster start(int size, Path root) {
        QdrantCluster cluster = new QdrantCluster(QdrantServer.binary());
        try {
            for (int i = 1; i <= size; i++) {
                cluster.nodes.add(new Node(i, freePort(), freePort(), freePort(),
                        Files.createDirectories(root.resolve("node-" + i))));
            }
            for (Node node : cluster.nodes) {
                cluster.launch(node);
                cluster.awaitReady(node);
            }
            cluster.awaitPeers(size);
            LOG.info("Qdrant cluster of {} nodes ready, node 1 at {}", size, cluster.node(1).httpUrl());
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("Cannot start a Qdrant cluster under " + root, e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Node {@code index}, counting from 1. */
    public Node node(int index) {
        return nodes.get(index - 1);
    }

    /** Kills node {@code index} with SIGKILL and waits until its process is gone. */
    public void kill(int index) throws InterruptedException {
        Node node = node(index);
        node.process.destroyForcibly();
        if (!node.process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Qdrant node " + index + " survived SIGKILL");
        }
        LOG.info("Killed Qdrant node {} with SIGKILL", index);
    }

    /** Starts node {@code index} again on its storage and waits until it answers. */
    public void restart(int index) throws IOException {
        Node node = node(index);
        launch(node);
        awaitReady(node);
    }

    private void launch(Node node) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--disable-telemetry",
                "--uri", "http://" + HOST + ":" + node.p2pPort));
        if (node.index > 1) {
            command.addAll(List.of("--bootstrap", "http://" + HOST + ":" + node(1).p2pPort));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(node.dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.dir.resolve("qdrant.log").toFile()));
        var env = builder.environment();
        env.put("QDRANT__SERVICE__HOST", HOST);
        env.put("QDRANT__SERVICE__HTTP_PORT", Integer.toString(node.httpPort));
        env.put("QDRANT__SERVICE__GRPC_PORT", Integer.toString(node.grpcPort));
        env.put("QDRANT__CLUSTER__ENABLED", "true");
        env.put("QDRANT__CLUSTER__P2P__PORT", Integer.toString(node.p2pPort));
        env.put("QDRANT__STORAGE__STORAGE_PATH", node.dir.resolve("storage").toString());
        env.put("QDRANT__STORAGE__SNAPSHOTS_PATH", node.dir.resolve("snapshots").toString());
        env.put("QDRANT__TELEMETRY_DISABLED", "true");
        node.process = builder.start();
        node.process.getOutputStream().close();
    }

    private void awaitReady(Node node) {
        awaitTrue(() -> get(node, "/readyz").startsWith("200"), "node " + node.index + " ready");
    }

    private void awaitPeers(int size) {
        awaitTrue(() -> {
            String body = get(node(1), "/cluster");
            return body.startsWith("200") && body.split("\"uri\"").length - 1 == size;
        }, size + " peers in the cluster");
    }

    /** Status code, a space, and the body; "-1" when the node does not answer. */
    public String get(Node node, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "-1";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking Qdrant node " + node.index, e);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        try {
            Awaitility.await(what).atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Qdrant cluster: no " + what + " within " + READY_TIMEOUT, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            if (node.process != null && node.process.isAlive()) {
                node.process.destroyForcibly();
            }
        }
    }
}
