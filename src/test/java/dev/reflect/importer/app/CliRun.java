package dev.reflect.importer.app;

import dev.reflect.importer.testsupport.QdrantServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One in-process run of the command line ({@code new Reflect(out, err, settings).run(args)}, as
 * {@link CorpusImportIT} drives it), with what it printed on each stream. Helpers for the ITs of this package.
 */
record CliRun(int exit, String out, String err) {

    private static final Pattern SUMMARY = Pattern.compile(
            "Imported (\\d+) files: (\\d+) messages, (\\d+) chunks, (\\d+) malformed lines");

    static CliRun reflect(Map<String, String> settings, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = new Reflect(o, e, settings).run(args);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Settings for an import of {@code logs} with its state and dead letters under {@code work}, into the test server. */
    static Map<String, String> settings(Path logs, Path work, QdrantServer server) {
        return settings(logs, work, server.httpUrl(), server.grpcPort());
    }

    static Map<String, String> settings(Path logs, Path work, String qdrantUrl, int grpcPort) {
        Map<String, String> settings = new HashMap<>();
        settings.put("importer.logs-dir", logs.toString());
        settings.put("importer.state-file", work.resolve("state/imported-files.json").toString());
        settings.put("importer.dead-letter-file", work.resolve("dead-letters/malformed-lines.jsonl").toString());
        settings.put("qdrant.url", qdrantUrl);
        settings.put("qdrant.grpc-port", Integer.toString(grpcPort));
        // The test JVM (Maven's heap, several importers in turn) is not the importer's own small process: its
        // resident memory says nothing of the importer's, and the guard would pause the pollers for good.
        settings.put("importer.operational-memory-mb", "0");
        return settings;
    }

    /** Both streams, for assertion messages. */
    String printed() {
        return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }

    /** The summary line's numbers: files, messages, chunks, malformed lines. */
    long[] summary() {
        Matcher m = SUMMARY.matcher(out);
        if (!m.find()) {
            throw new AssertionError("No summary line in:\n" + printed());
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4))};
    }

    /** A loopback port nothing listens on (it was free a moment ago; it is not held). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /**
     * Deletes collections a test made on the shared server, so tests that check the server's whole list of
     * collections ({@link CorpusImportIT}) see only their own.
     */
    static void deleteCollections(QdrantServer server, Collection<String> collections) {
        HttpClient http = HttpClient.newHttpClient();
        for (String collection : collections) {
            HttpRequest delete = HttpRequest.newBuilder(URI.create(server.httpUrl() + "/collections/" + collection))
                    .DELETE().build();
            try {
                HttpResponse<String> response = http.send(delete, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 && response.statusCode() != 404) {
                    throw new IllegalStateException("Deleting collection " + collection + " answered "
                            + response.statusCode() + ": " + response.body());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete collection " + collection, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while deleting collection " + collection, e);
            }
        }
    }
}
