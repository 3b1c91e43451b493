package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.qdrant.QdrantEndpoint;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.qdrant.CollectionTopology;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import dev.reflect.importer.testsupport.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Qdrant serving TLS ({@code QDRANT__SERVICE__ENABLE_TLS}) with a self-signed certificate made by the test.
 * With an https:// QDRANT_URL and QDRANT_CA_CERT naming that certificate, the importer imports and searches over
 * TLS; without QDRANT_CA_CERT (the JVM's trusted certificates do not hold it) the import stops at start-up with a
 * message about the certificate that names QDRANT_CA_CERT, and the state file is not advanced.
 */
class QdrantTlsIT {

    private static final String PROJECT = "-Users-test-Code-tls-notes";
    private static final String FILE = "-Users-alex-workspace-cli/1b3e6441-62e3-4b41-8a0c-9d252f531f7a.jsonl";
    private static final String MORE = "-Users-paul-src-entireio-cli/9b76dc0f-dc1b-4822-ac56-53cfa3fbc032.jsonl";

    @TempDir
    static Path work;

    static SelfSignedCertificate certificate;
    static QdrantServer server;
    static Path logs;

    @BeforeAll
    static void startAServerWithTls() throws IOException {
        certificate = SelfSignedCertificate.create(work.resolve("tls"));
        server = QdrantServer.start(Map.of("QDRANT__SERVICE__ENABLE_TLS", "true",
                "QDRANT__TLS__CERT", certificate.cert().toString(),
                "QDRANT__TLS__KEY", certificate.key().toString()), certificate.sslContext());
        logs = work.resolve("logs");
        Path source = Corpus.projects().resolve(FILE);
        Files.copy(source, Files.createDirectories(logs.resolve(PROJECT)).resolve(source.getFileName()));
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_import_and_search_over_tls_trusting_QDRANT_CA_CERT_and_refuse_an_untrusted_certificate()
            throws Exception {
        assertThat(server.httpUrl()).startsWith("https://");
        Map<String, String> trusting = Map.of("QDRANT_CA_CERT", certificate.cert().toString());

        JarRun.Finished imported = run(List.of("import"), trusting);
        assertThat(imported.exit()).as(imported.output()).isZero();
        long points = points();
        assertThat(points).isEqualTo(new CliRun(imported.exit(), imported.output(), "").summary()[2]).isPositive();
        JarRun.Finished search = run(List.of("search", "command", "--project", "all", "--json"), trusting);
        assertThat(search.exit()).as(search.output()).isZero();
        assertThat(search.output()).contains("\"collection\" : \"" + StoredChunks.collectionOf(PROJECT) + "\"");

        Path stateFile = work.resolve("state/imported-files.json");
        byte[] state = Files.readAllBytes(stateFile);
        Path more = Corpus.projects().resolve(MORE);
        Files.copy(more, logs.resolve(PROJECT).resolve(more.getFileName()));
        JarRun.Finished untrusted = run(List.of("import"), Map.of());
        untrusted.output().lines().filter(l -> l.startsWith("reflect:"))
                .forEach(l -> System.out.println("QdrantTlsIT, without QDRANT_CA_CERT: " + l));
        assertThat(untrusted.exit()).as(untrusted.output()).isEqualTo(2);
        assertThat(untrusted.output()).contains("TLS to Qdrant failed").contains("certificate")
                .contains("QDRANT_CA_CERT");
        assertThat(Files.readAllBytes(stateFile)).as("the state file is not advanced").isEqualTo(state);
        assertThat(points()).isEqualTo(points);
    }

    /** Points stored, read over TLS trusting the test's certificate. */
    private static JarRun.Finished run(List<String> args, Map<String, String> env) throws Exception {
        return JarRun.run(args, logs, work, server, env);
    }

    private static long points() {
        QdrantEndpoint endpoint = new QdrantEndpoint(server.host(), server.grpcPort(), true, null, certificate.cert());
        try (QdrantStore qdrant = new QdrantStore(endpoint, Duration.ofSeconds(30), CollectionTopology.SINGLE_NODE)) {
            return qdrant.count(StoredChunks.collectionOf(PROJECT));
        }
    }
}
