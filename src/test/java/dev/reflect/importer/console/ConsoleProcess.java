package dev.reflect.importer.console;

import dev.reflect.importer.testsupport.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code reflect console} as its own process, on the class path {@code ./reflect console} uses
 * ({@code target/reflect-console.jar} and {@code target/console/lib}), with its output in a file.
 */
final class ConsoleProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path output;

    private ConsoleProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts the console with these environment variables only (no CONSOLE_* or MANAGEMENT_* of the caller's).
     *
     * @param output the file for what it prints
     */
    static ConsoleProcess start(Map<String, String> env, Path output) {
        Path base = ChildProcess.basedir();
        String classpath = base.resolve("target/reflect-console.jar") + File.pathSeparator
                + base.resolve("target/console/lib") + "/*";
        Process process = ChildProcess.of(List.of(ChildProcess.java(), "-cp", classpath,
                        "dev.reflect.importer.console.Console", base.resolve("target/console/hawtio-war.war").toString()))
                .inheritExcept(k -> k.startsWith("CONSOLE_") || k.startsWith("MANAGEMENT_"))
                .env(env)
                .start(output);
        return new ConsoleProcess(process, output);
    }

    /** Waits for "Console: URL", which the console prints once Jetty and Hawtio have started. */
    ConsoleProcess awaitStarted() {
        try {
            Awaitility.await("the console started").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("The console exited with " + process.exitValue() + ":\n"
                                    + output());
                        }
                        return output().contains("Console: http://");
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The console did not start within " + START_TIMEOUT + ":\n" + output(), e);
        }
        return this;
    }

    /** The exit code once the process has ended by itself. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("The console is still running after " + START_TIMEOUT + ":\n" + output());
        }
        return process.exitValue();
    }

    /** What the process printed so far. */
    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + output + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
