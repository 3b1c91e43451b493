package dev.reflect.importer.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.ImporterProcess;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
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
            "import-file", "parse-line", "embed-chunks", "store-batch", "record-state");

    @TempDir
    Path work;

    @Test
    void should_show_the_importer_routes_in_hawtio() throws Exception {
        Path base = ImporterProcess.basedir();
        Path script = base.resolve("src/test/browser/console.test.mjs");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "Debian's chromium is not installed (.ci/run installs it)");
        assumeTrue(Files.isDirectory(base.resolve("src/test/browser/node_modules/playwright-core")),
                "playwright-core is not installed (npm ci --prefix src/test/browser)");

        try (ImporterProcess importer = ImporterProcess.watch(Corpus.projects(), work, QdrantServer.shared(), Map.of())) {
            int consolePort = ImporterProcess.freePort();
            Process console = startConsole(base, consolePort, importer.managementPort());
            try {
                awaitConsole(console);
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

                assertThat(browser.exitValue()).as(output + "\nconsole log:\n" + consoleLog()).isZero();
                for (String route : ROUTES) {
                    assertThat(output).contains("found route " + route);
                }
                assertThat(output).contains("console test passed");
            } finally {
                console.destroy();
                console.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private Process startConsole(Path base, int port, int managementPort) throws IOException {
        String classpath = base.resolve("target/reflect-console.jar") + java.io.File.pathSeparator
                + base.resolve("target/console/lib") + "/*";
        ProcessBuilder builder = new ProcessBuilder(ImporterProcess.javaExecutable(), "-cp", classpath,
                "dev.reflect.importer.console.Console", base.resolve("target/console/hawtio-war.war").toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("console.log").toFile());
        builder.environment().put("CONSOLE_PORT", Integer.toString(port));
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    /** The console prints "Console: URL" once Jetty and Hawtio have started. */
    private void awaitConsole(Process console) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (consoleLog().contains("Console: http://")) {
                return;
            }
            if (console.waitFor(200, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("The console exited with " + console.exitValue() + ":\n" + consoleLog());
            }
        }
        throw new IllegalStateException("The console did not start within 60 s:\n" + consoleLog());
    }

    private String consoleLog() throws IOException {
        Path log = work.resolve("console.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
