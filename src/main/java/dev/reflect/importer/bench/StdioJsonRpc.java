package dev.reflect.importer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * JSON-RPC 2.0 over a child process's stdin and stdout, one message per line, as MCP's stdio transport speaks it:
 * the benchmark's client, so nothing but the bytes on the pipe is between it and the server it measures.
 */
final class StdioJsonRpc implements AutoCloseable {

    private static final String END = "\u0000end";

    private final Process process;
    private final OutputStream requests;
    private final ObjectMapper json;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private int nextId = 1;

    StdioJsonRpc(Process process, ObjectMapper json) {
        this.process = process;
        this.requests = process.getOutputStream();
        this.json = json;
        Thread reader = new Thread(this::readLines, "mcp-bench-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add(END + " " + e.getMessage());
        }
        lines.add(END);
    }

    /** Sends a request and waits for its response's {@code result}; a JSON-RPC error fails. */
    JsonNode request(String method, JsonNode params, Duration timeout) throws InterruptedException {
        int id = nextId++;
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        send(message);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException(method + " got no answer within " + timeout.toMillis() + " ms");
            }
            if (line.startsWith(END)) {
                throw new IllegalStateException("The server closed stdout before answering " + method + line.substring(END.length()));
            }
            JsonNode answer = read(line);
            if (answer.path("id").asInt(-1) != id) {
                continue; // a notification or a request of the server's
            }
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        }
    }

    void notify(String method) {
        send(json.createObjectNode().put("jsonrpc", "2.0").put("method", method));
    }

    private void send(ObjectNode message) {
        try {
            requests.write((json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the server's stdin", e);
        }
    }

    private JsonNode read(String line) {
        try {
            return json.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("The server wrote a line that is not JSON-RPC on stdout: " + line, e);
        }
    }

    /** Closes stdin: the server's signal to stop. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // the server is gone already
        }
    }
}
