package dev.reflect.importer.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.testsupport.ChildProcess;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflect mcp} (the packaged jar) driven over stdio by the official MCP TypeScript SDK's client
 * ({@code src/test/mcp/client.test.mjs}, {@code npm ci --prefix src/test/mcp}), against the test's Qdrant holding
 * two projects of the corpus: initialize, tools/list, a known chunk found first, a stored reflection found, the
 * bad inputs, Qdrant down and Qdrant not answering.
 */
class McpServerIT {

    private static final List<String> PROJECTS = List.of("-Users-paul-src-entireio-cli", "-home-ubuntu-Documents-Z-FORGE");
    /** A sentence of chunk 7 of this conversation (lines 40-45), asked back in other words. */
    private static final String KNOWN_QUERY = "Could it be a timeout failing to reach Posthog? It is definitely solved "
            + "when I disable telemetry with ENTIRE_TELEMETRY_OPTOUT";
    private static final String KNOWN_CONVERSATION = "cde341db-b80a-44f5-b0f2-94db2ef7a164";
    private static final String KNOWN_PROJECT = "entireio-cli";

    @TempDir
    Path work;

    @Test
    void should_answer_claude_self_reflects_tools_to_the_official_mcp_client() throws Exception {
        Path base = ChildProcess.basedir();
        Path script = base.resolve("src/test/mcp/client.test.mjs");
        assumeTrue(Files.isDirectory(base.resolve("src/test/mcp/node_modules/@modelcontextprotocol/sdk")),
                "@modelcontextprotocol/sdk is not installed (npm ci --prefix src/test/mcp)");
        QdrantServer qdrant = QdrantServer.shared();
        importProjects(qdrant);
        // The server's working directory is a checkout of the known project: its default project.
        Path cwd = Files.createDirectories(work.resolve("checkout/src/entireio/cli"));
        assertThat(WorkingProject.of(cwd)).as("the default project of " + cwd).isEqualTo(KNOWN_PROJECT);

        try (ServerSocket down = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             BlackHole slow = new BlackHole()) {
            int downPort = down.getLocalPort();
            down.close(); // nothing listens there any more
            List<String> server = List.of(ChildProcess.java(), "-Xmx64m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", base.resolve("target/reflect-importer.jar").toString(), "mcp");
            ProcessBuilder node = new ProcessBuilder("node", script.toString())
                    .directory(base.toFile())
                    .redirectErrorStream(true);
            Map<String, String> env = node.environment();
            env.put("SERVER_COMMAND", new ObjectMapper().writeValueAsString(server));
            env.put("SERVER_CWD", cwd.toString());
            env.put("QDRANT_URL", qdrant.httpUrl());
            env.put("QDRANT_GRPC_PORT", Integer.toString(qdrant.grpcPort()));
            env.put("DOWN_QDRANT_URL", "http://127.0.0.1:" + downPort);
            env.put("DOWN_QDRANT_GRPC_PORT", Integer.toString(downPort));
            env.put("SLOW_QDRANT_URL", "http://127.0.0.1:" + slow.port());
            env.put("SLOW_QDRANT_GRPC_PORT", Integer.toString(slow.port()));
            env.put("KNOWN_QUERY", KNOWN_QUERY);
            env.put("KNOWN_CONVERSATION", KNOWN_CONVERSATION);
            env.put("KNOWN_LINE_START", "40");
            env.put("KNOWN_PROJECT", KNOWN_PROJECT);
            Process client = node.start();
            client.getOutputStream().close();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(3, TimeUnit.MINUTES)).isTrue();
            System.out.print(output);

            assertThat(client.exitValue()).as(output).isZero();
            assertThat(output).contains("ok initialize: reflect", "ok tools/list: reflect_on_past", "ok Qdrant down",
                    "ok slow Qdrant", "mcp client test passed");
        }
    }

    @Test
    void should_write_only_protocol_messages_on_stdout_and_stop_when_stdin_closes() throws Exception {
        QdrantServer qdrant = QdrantServer.shared();
        ProcessBuilder builder = new ProcessBuilder(ChildProcess.java(), "-Xmx64m", "-jar",
                ChildProcess.basedir().resolve("target/reflect-importer.jar").toString(), "mcp")
                .directory(work.toFile())
                .redirectError(work.resolve("stderr.log").toFile());
        builder.environment().put("QDRANT_URL", qdrant.httpUrl());
        builder.environment().put("QDRANT_GRPC_PORT", Integer.toString(qdrant.grpcPort()));
        Process server = builder.start();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        try (java.io.BufferedReader stdout = new java.io.BufferedReader(new java.io.InputStreamReader(
                server.getInputStream(), StandardCharsets.UTF_8))) {
            java.io.OutputStream stdin = server.getOutputStream();
            stdin.write(String.join("\n",
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"reflect_on_past\","
                            + "\"arguments\":{\"query\":\"\"}}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"reflect_on_past\","
                            + "\"arguments\":{\"query\":\"telemetry\",\"project\":\"all\"}}}", "")
                    .getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            while (lines.size() < 3) {
                String line = stdout.readLine();
                assertThat(line).as("stdout so far " + lines + "; stderr:\n" + Files.readString(work.resolve("stderr.log")))
                        .isNotNull();
                lines.add(line);
            }
            stdin.close();
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                lines.add(line);
            }
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server stops when stdin closes").isTrue();
        assertThat(server.exitValue()).isZero();
        for (String line : lines) {
            assertThat(json.readTree(line).path("jsonrpc").asText()).as(line).isEqualTo("2.0");
        }
        assertThat(lines).hasSize(3);
        assertThat(Files.readString(work.resolve("stderr.log"))).contains("reflect mcp serving on stdio",
                "reflect_on_past refused: The query is empty");
    }

    /** Imports two projects of the corpus into the test's Qdrant with {@code reflect import}. */
    private void importProjects(QdrantServer qdrant) throws IOException, InterruptedException {
        Path logs = work.resolve("logs");
        for (String project : PROJECTS) {
            Path from = Corpus.projects().resolve(project);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = logs.resolve(project).resolve(from.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                }
            }
        }
        Path output = work.resolve("import.log");
        ProcessBuilder importer = new ProcessBuilder(ChildProcess.java(), "-Xmx128m", "-jar",
                ChildProcess.basedir().resolve("target/reflect-importer.jar").toString(), "import", "--logs",
                logs.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = importer.environment();
        env.put("QDRANT_URL", qdrant.httpUrl());
        env.put("QDRANT_GRPC_PORT", Integer.toString(qdrant.grpcPort()));
        env.put("STATE_FILE", work.resolve("state/imported-files.json").toString());
        env.put("DEAD_LETTER_FILE", work.resolve("dead-letters.jsonl").toString());
        Process process = importer.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the import finished").isTrue();
        assertThat(process.exitValue()).as(Files.readString(output)).isZero();
    }

    /** A server that accepts connections and never answers: a Qdrant that hangs. */
    private static final class BlackHole implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> held = new ArrayList<>();
        private final Thread acceptor;

        BlackHole() throws IOException {
            socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                try {
                    while (!socket.isClosed()) {
                        Socket accepted = socket.accept();
                        synchronized (held) {
                            held.add(accepted);
                        }
                    }
                } catch (IOException e) {
                    // closed: the test is over
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                socket.close();
                synchronized (held) {
                    for (Socket s : held) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
