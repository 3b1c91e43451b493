package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Qdrant with JWT RBAC ({@code QDRANT__SERVICE__JWT_RBAC=true}) and one member, alice, importing with
 * QDRANT_COLLECTION_PREFIX=alice: a first import with the server's key makes her collection (creating needs
 * global access); then her own token, which lists only that collection, imports more into it and searches it,
 * while a token for another member's collection is refused (nothing recorded).
 */
class QdrantJwtIT {

    private static final String PROJECT = "-Users-test-Code-jwt-notes";
    private static final String FIRST = "-Users-alex-workspace-cli/1b3e6441-62e3-4b41-8a0c-9d252f531f7a.jsonl";
    private static final String SECOND = "-Users-paul-src-entireio-cli/9b76dc0f-dc1b-4822-ac56-53cfa3fbc032.jsonl";
    private static final String THIRD = "sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl";

    @TempDir
    static Path work;

    static String serverKey;
    static QdrantServer server;
    static Path logs;
    static String collection;

    @BeforeAll
    static void startAServerWithJwtRbac() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        serverKey = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        server = QdrantServer.start(Map.of("QDRANT__SERVICE__API_KEY", serverKey, "QDRANT__SERVICE__JWT_RBAC", "true"),
                null);
        logs = work.resolve("logs");
        collection = "alice_" + StoredChunks.collectionOf(PROJECT);
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_let_a_members_token_write_and_search_only_the_collections_it_lists() throws Exception {
        add(FIRST);
        JarRun.Finished first = run(List.of("import"), serverKey);
        assertThat(first.exit()).as(first.output()).isZero();
        long afterFirst = points();

        String alice = jwt("{\"access\":[{\"collection\":\"" + collection + "\",\"access\":\"rw\"}]}");
        add(SECOND);
        JarRun.Finished second = run(List.of("import"), alice);
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(points()).isEqualTo(afterFirst + new CliRun(0, second.output(), "").summary()[2])
                .isGreaterThan(afterFirst);
        JarRun.Finished search = run(List.of("search", "command", "--project", ProjectNames.normalise(PROJECT),
                "--json"), alice);
        assertThat(search.exit()).as(search.output()).isZero();
        assertThat(search.output()).contains("\"collection\" : \"" + collection + "\"");

        byte[] state = Files.readAllBytes(work.resolve("state/imported-files.json"));
        long points = points();
        String bob = jwt("{\"access\":[{\"collection\":\"bob_conv_0badc0de_local\",\"access\":\"rw\"}]}");
        add(THIRD);
        JarRun.Finished refused = run(List.of("import"), bob);
        assertThat(refused.exit()).as(refused.output()).isEqualTo(1);
        assertThat(refused.output()).contains("PERMISSION_DENIED").contains("QDRANT_API_KEY").doesNotContain(bob);
        assertThat(Files.readAllBytes(work.resolve("state/imported-files.json"))).isEqualTo(state);
        assertThat(points()).isEqualTo(points);
    }

    private static void add(String corpusFile) throws java.io.IOException {
        Path source = Corpus.projects().resolve(corpusFile);
        Files.copy(source, Files.createDirectories(logs.resolve(PROJECT)).resolve(source.getFileName()));
    }

    private static JarRun.Finished run(List<String> args, String key) throws Exception {
        return JarRun.run(args, logs, work, server, Map.of("QDRANT_API_KEY", key, "QDRANT_COLLECTION_PREFIX", "alice"));
    }

    private static long points() {
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, serverKey,
                Duration.ofSeconds(30))) {
            return qdrant.count(collection);
        }
    }

    /** A JWT (HS256) with these claims, signed with the server's key, as Qdrant's RBAC takes it. */
    private static String jwt(String claims) throws GeneralSecurityException {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(serverKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return unsigned + "." + base64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8)));
    }
}
