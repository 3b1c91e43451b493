package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReflectHelpTest {

    @Test
    void should_list_every_command_on_help() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new Reflect(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(new String[] {"--help"});

        assertThat(exit).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        for (String command : new String[] {"import", "watch", "search", "status", "bench", "bench-live", "console"}) {
            assertThat(help).as("--help lists %s", command).containsPattern("(?m)^  reflect " + command + "\\b(?!-)");
        }
    }
}
