package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Settings the importer cannot work with stop it before it reads or writes anything, with exit code 2 and a
 * message that names what to fix.
 */
class BadSettingsIT {

    /**
     * What the script inherits from the machine running the tests: enough to find java and the home folder,
     * none of the importer's variables.
     */
    private static final Set<String> INHERITED = Set.of("PATH", "HOME", "JAVA_HOME", "TMPDIR", "LANG", "LC_ALL");
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "CHUNK_SIZE, abc",
            "REFLECT_EXCLUDE_PROJECTS, /Users/kyle/payroll",
            "QDRANT_URL, ftp://x",
            "EMBEDDING_MAX_TOKENS, 0",
            "QDRANT_COLLECTION_PREFIX, alice/bob",
            "QDRANT_CA_CERT, /nonexistent/qdrant-ca.pem"
    })
    void should_stop_reflect_import_with_exit_code_2_naming_the_variable_with_an_invalid_value(String variable, String value)
            throws IOException, InterruptedException {
        Path logs = Files.createDirectories(work.resolve("logs/project"));
        Files.writeString(logs.resolve("conversation.jsonl"), "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n");
        Path stateFile = work.resolve("state/imported-files.json");
        Path deadLetters = work.resolve("dead-letters.jsonl");
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder("./reflect", "import")
                .directory(projectDir().toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(INHERITED);
        env.put("CLAUDE_LOGS_DIR", logs.getParent().toString());
        env.put("STATE_FILE", stateFile.toString());
        env.put("DEAD_LETTER_FILE", deadLetters.toString());
        // Nothing listens there: start-up must stop before it tries Qdrant.
        env.put("QDRANT_URL", "http://127.0.0.1:" + CliRun.closedPort());
        env.put(variable, value);

        Process process = builder.start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String printed = "--- out ---\n" + Files.readString(out, StandardCharsets.UTF_8) + "--- err ---\n" + stderr;

        assertThat(exited).as("reflect import exited within %d s%n%s", SCRIPT_TIMEOUT_SECONDS, printed).isTrue();
        assertThat(process.exitValue()).as(printed).isEqualTo(2);
        assertThat(stderr).as(printed).contains("reflect: " + variable + "=" + value + " is not valid");
        assertThat(stateFile).doesNotExist();
        assertThat(deadLetters).doesNotExist();
    }

    @Test
    void should_stop_with_exit_code_2_naming_a_corrupt_state_file_and_leave_it_as_it_was() throws IOException {
        Path logs = Files.createDirectories(work.resolve("logs/project"));
        Files.writeString(logs.resolve("conversation.jsonl"), "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n");
        Map<String, String> settings = CliRun.settings(logs.getParent(), work, "http://127.0.0.1:" + CliRun.closedPort(),
                CliRun.closedPort());
        Path stateFile = Path.of(settings.get("importer.state-file"));
        Files.createDirectories(stateFile.getParent());
        Files.writeString(stateFile, "{not json");

        CliRun run = CliRun.reflect(settings, "import");

        assertThat(run.exit()).as(run.printed()).isEqualTo(2);
        assertThat(run.err()).as(run.printed()).contains("The state file " + stateFile).contains("not valid JSON");
        assertThat(stateFile).hasContent("{not json");
        try (var siblings = Files.list(stateFile.getParent())) {
            // Nothing but the lock file every importer holds beside the state (no temp file, no replacement).
            assertThat(siblings).containsExactlyInAnyOrder(stateFile, stateFile.resolveSibling("imported-files.json.lock"));
        }
    }

    /** The project folder (where {@code ./reflect} is): Maven's basedir, else the working directory. */
    private static Path projectDir() {
        String basedir = System.getProperty("basedir");
        Path dir = Path.of(basedir != null ? basedir : System.getProperty("user.dir"));
        assertThat(dir.resolve("reflect")).isExecutable();
        return dir;
    }
}
