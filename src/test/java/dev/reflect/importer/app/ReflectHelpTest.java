package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReflectHelpTest {

    @Test
    void should_list_every_command_on_help() {
        Run run = reflect("--help");

        assertThat(run.exit).isZero();
        for (String command : new String[] {"import", "watch", "search", "status", "bench", "bench-live", "console"}) {
            assertThat(run.out).as("--help lists %s", command).containsPattern("(?m)^  reflect " + command + "\\b(?!-)");
        }
    }

    @Test
    void should_print_the_list_of_commands_as_a_usage_error_when_none_is_given() {
        Run run = reflect();

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).containsPattern("(?m)^  reflect import\\b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"import", "watch", "search", "status", "mcp", "bench", "bench-live", "bench-search", "bench-mcp"})
    void should_describe_each_command_and_its_options_on_its_help(String command) {
        Run run = reflect(command, "--help");

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out).startsWith("Usage: reflect " + command).contains("--logs=DIR");
    }

    @Test
    void should_show_a_command_s_options_on_help_command() {
        Run run = reflect("help", "search");

        assertThat(run.exit).isZero();
        assertThat(run.out).startsWith("Usage: reflect search").contains("--limit=N", "--[no-]decay", "--mode=");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bench-live --copies x | Invalid value for option '--copies': 'x' is not an int",
            "bench-live --pace-ms soon | Invalid value for option '--pace-ms': 'soon' is not a long",
            "bench-search --seed q | Invalid value for option '--seed': 'q' is not a long",
            "bench-mcp --calls many | Invalid value for option '--calls': 'many' is not an int",
            "bench-mcp --calls 0 | Invalid value for option '--calls': 0 is not 1 or more",
            "search redis --limit x | Invalid value for option '--limit': 'x' is not an int",
            "search redis --limit 0 | Invalid value for option '--limit': 0 is not from 1 to 100",
            "search redis --project -home-me-app --limit 0 | Invalid value for option '--limit': 0 is not from 1 to 100",
            "search redis --mode fuzzy | Invalid value for option '--mode': 'fuzzy' is not hybrid, dense or bm25",
            "search | search needs the text to look for.",
            "import --logs | Missing required parameter for option '--logs' (DIR)",
            "import --frob | Unknown option: '--frob'",
            "frob | Unknown command 'frob'."})
    void should_answer_a_bad_command_line_with_what_was_wrong_and_exit_2(String args, String message) {
        Run run = reflect(args.trim().split(" "));

        assertThat(run.exit).as(run.err).isEqualTo(2);
        assertThat(run.err).startsWith(message + "\n").contains("Usage:");
        assertThat(run.out).isEmpty();
    }

    private static Run reflect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Reflect(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
    }
}
