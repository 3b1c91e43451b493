package dev.reflect.importer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflect.importer.testsupport.ChildProcess;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.ImporterProcess;
import dev.reflect.importer.testsupport.QdrantServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reflect console} against a running {@code reflect watch}, in Debian's headless chromium driven by
 * playwright-core ({@code src/test/browser/console.test.mjs}): Hawtio's Camel routes view lists the routes.
 * Needs {@code /usr/bin/chromium} and {@code npm ci} in src/test/browser (.ci/run installs both).
 */
class ConsoleIT {

    private static final List<String> ROUTES = List.of("poll-hot", "poll-warm", "poll-cold", "poll-logs",
            "read-file", "dispatch-chunks", "embed-chunks", "store-batch", "record-state");

    @TempDir
    Path work;

    @Test
    void should_show_the_importer_routes_in_hawtio() throws Exception {
        Path base = ChildProcess.basedir();
        Path script = base.resolve("src/test/browser/console.test.mjs");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Debian's chromium is not installed (.ci/run installs it)");
        assumeTrue(Files.isDirectory(base.resolve("src/test/browser/node_modules/playwright-core")),
                "playwright-core is not installed (npm ci --prefix src/test/browser)");

        try (ImporterProcess importer = ImporterProcess.watch(Corpus.projects(), work, QdrantServer.shared(), Map.of())) {
            int consolePort = ImporterProcess.freePort();
            try (ConsoleProcess console = ConsoleProcess.start(Map.of("CONSOLE_PORT", Integer.toString(consolePort),
                    "MANAGEMENT_PORT", Integer.toString(importer.managementPort())), work.resolve("console.log"))) {
                console.awaitStarted();
                ProcessBuilder node = new ProcessBuilder("node", script.toString())
                        .directory(base.toFile())
                        .redirectErrorStream(true);
                node.environment().put("CONSOLE_URL", "http://127.0.0.1:" + consolePort + "/");
                node.environment().put("ROUTE_IDS", String.join(",", ROUTES));
                node.environment().put("SCREENSHOT", base.resolve("docs/console.png").toString());
                Process browser = node.start();
                browser.getOutputStream().close();
                String output = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(browser.waitFor(2, TimeUnit.MINUTES)).isTrue();
                System.out.print(output);

                assertThat(browser.exitValue()).as(output + "\nconsole log:\n" + console.output()).isZero();
                for (String route : ROUTES) {
                    assertThat(output).contains("found route " + route);
                }
                assertThat(output).contains("console test passed");
            }
        }
    }
}
