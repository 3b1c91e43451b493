package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation full of planted secrets, imported into the real Qdrant: no secret is in any point's payload
 * (text, concepts or any other field), each left a marker of its kind, the text around them is all there, and
 * the summary counts them. A project named in REFLECT_EXCLUDE_PROJECTS is not imported at all.
 */
class SecretsIT {

    private static final String PROJECT = "-Users-test-Code-secrets";
    private static final String EXCLUDED = "-Users-test-Code-payroll";

    /** Made-up secrets, built from parts so no scanner takes them for real ones. */
    static final Map<String, String> SECRETS = Map.ofEntries(
            Map.entry("anthropic-api-key", "sk-ant-" + "api03-" + "Zx9Qw2Er7Ty1Ui8Op3As6Df4Gh5Jk0Lz_-AbCdEfGh"),
            Map.entry("openai-api-key", "sk-" + "proj-" + "T3BlbkFJ4sQ9xZr2LmN7pWvY8kHd1eGcA0uB"),
            Map.entry("voyage-api-key", "pa-" + "Xk3JmQ8vR2tY7wZ1nB4cD6fG9hL0pS5uE"),
            Map.entry("aws-access-key", "AKIA" + "Q3EXAMPLE7ZRF4KD"),
            Map.entry("github-token", "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"),
            Map.entry("slack-token", "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"),
            Map.entry("jwt", "eyJ" + "hbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "eyJ"
                    + "zdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ." + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
            Map.entry("password", "Hunter2Correct!Horse"));
    private static final String PEM_BODY = "MIIEowIBAAKCAQEA7V2nL9cQx3kzP1aB4tYqWmF8hJ0sRdE5uGvNc2XoIp6KlMj";
    private static final String PRIVATE_NOTE = "my home address is 12 Quiet Lane";
    private static final Pattern REDACTED = Pattern.compile("(\\d+) secrets redacted");

    @TempDir
    static Path work;

    static QdrantServer server;
    static CliRun run;
    static Map<UUID, Map<String, Object>> points;
    static boolean excludedCollectionExists;

    @BeforeAll
    static void importThePlantedSecrets() throws IOException {
        server = QdrantServer.shared();
        Path logs = work.resolve("logs");
        Path file = Files.createDirectories(logs.resolve(PROJECT)).resolve("secrets.jsonl");
        StringBuilder log = new StringBuilder();
        user(log, "Deploying the weather service with key " + SECRETS.get("anthropic-api-key") + " today");
        assistant(log, "I will call the forecast API using " + SECRETS.get("openai-api-key") + " and "
                + SECRETS.get("voyage-api-key") + " for embeddings");
        user(log, "The AWS id is " + SECRETS.get("aws-access-key") + " and the repo token " + SECRETS.get("github-token"));
        assistant(log, "Posting to Slack with " + SECRETS.get("slack-token") + " after the session "
                + SECRETS.get("jwt") + " checks out");
        user(log, "Connect with DB_PASSWORD=" + SECRETS.get("password") + " then restart the redis cache");
        log.append("{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                + "\"name\":\"Write\",\"input\":{\"file_path\":\"/srv/key.pem\",\"content\":\"-----BEGIN RSA PRIVATE KEY-----\\n"
                + PEM_BODY + "\\n-----END RSA PRIVATE KEY-----\\n\"}},{\"type\":\"text\",\"text\":\"Saved the deploy key\"}]}}\n");
        user(log, "Remember <private>" + PRIVATE_NOTE + "</private> nothing else about the forecasts");
        Files.writeString(file, log.toString());
        Path excluded = Files.createDirectories(logs.resolve(EXCLUDED)).resolve("payroll.jsonl");
        Files.writeString(excluded, "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"salaries\"}}\n");

        Map<String, String> settings = CliRun.settings(logs, work, server);
        settings.put("importer.exclude-projects", "payroll");
        run = CliRun.reflect(settings, "import");
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30))) {
            points = qdrant.scrollAll(StoredChunks.collectionOf(PROJECT));
            excludedCollectionExists = qdrant.collections().contains(StoredChunks.collectionOf(EXCLUDED));
        }
    }

    @AfterAll
    static void dropTheCollections() {
        if (server != null) {
            CliRun.deleteCollections(server, List.of(StoredChunks.collectionOf(PROJECT), StoredChunks.collectionOf(EXCLUDED)));
        }
    }

    @Test
    void should_import_with_exit_code_0() {
        assertThat(run.exit()).as(run.printed()).isZero();
        assertThat(points).isNotEmpty();
    }

    @Test
    void should_store_no_secret_in_any_field_of_any_point() {
        String everything = points.values().toString();
        SECRETS.forEach((kind, secret) -> assertThat(everything).as(kind).doesNotContain(secret));
        assertThat(everything).doesNotContain(PEM_BODY).doesNotContain(PRIVATE_NOTE).doesNotContain("12 Quiet Lane");
    }

    @Test
    void should_leave_a_marker_of_each_kind_and_the_rest_of_the_text() {
        String text = allText();
        SECRETS.keySet().forEach(kind -> assertThat(text).contains("[REDACTED:" + kind + "]"));
        assertThat(text).contains("[REDACTED:private-key]")
                .contains("Deploying the weather service with key", "I will call the forecast API using",
                        "for embeddings", "The AWS id is", "and the repo token", "Posting to Slack with",
                        "checks out", "Connect with DB_PASSWORD=", "then restart the redis cache",
                        "[Tool: Write]", "/srv/key.pem", "Saved the deploy key", "Remember", "nothing else about the forecasts");
    }

    @Test
    void should_count_the_redactions_in_the_summary_line() {
        Matcher m = REDACTED.matcher(run.out());
        assertThat(m.find()).as(run.printed()).isTrue();
        assertThat(Long.parseLong(m.group(1))).isEqualTo(SECRETS.size() + 2);
        assertThat(run.printed()).doesNotContain(SECRETS.get("password")).doesNotContain(SECRETS.get("aws-access-key"));
    }

    @Test
    void should_not_import_an_excluded_project() {
        assertThat(excludedCollectionExists).isFalse();
        assertThat(run.summary()[0]).as(run.printed()).isEqualTo(1);
    }

    private static String allText() {
        StringBuilder all = new StringBuilder();
        points.values().forEach(p -> all.append(p.get("text")).append('\n'));
        return all.toString();
    }

    private static void user(StringBuilder log, String text) {
        log.append("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"").append(text).append("\"}}\n");
    }

    private static void assistant(StringBuilder log, String text) {
        log.append("{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":\"").append(text).append("\"}}\n");
    }
}
