package dev.reflect.importer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One place that starts a process of the project for a test: the importer's jar as {@code ./reflect} runs it, or
 * any command line, with its environment (inherited as chosen, plus the test's variables), what it prints (stdout and
 * stderr) in a file, and its stdin closed.
 */
public final class ChildProcess {

    private final List<String> commandLine;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Predicate<String> inherited = name -> true;

    private ChildProcess(List<String> commandLine) {
        this.commandLine = List.copyOf(commandLine);
    }

    /** {@code java <jvmOptions> -jar target/reflect-importer.jar <args>}. */
    public static ChildProcess importer(List<String> jvmOptions, String... args) {
        return of(importerCommandLine(jvmOptions, args));
    }

    /** Any command line, e.g. a shell around {@link #importerCommandLine}. */
    public static ChildProcess of(List<String> commandLine) {
        return new ChildProcess(commandLine);
    }

    /** The command line {@link #importer} runs. */
    public static List<String> importerCommandLine(List<String> jvmOptions, String... args) {
        List<String> line = new ArrayList<>();
        line.add(java());
        line.addAll(jvmOptions);
        line.add("-jar");
        line.add(jar().toString());
        line.addAll(List.of(args));
        return line;
    }

    /** Inherits only these variables of the test's environment (others: all of it). */
    public ChildProcess inheritOnly(Collection<String> names) {
        inherited = names::contains;
        return this;
    }

    /** Inherits the test's environment without the variables {@code dropped} matches. */
    public ChildProcess inheritExcept(Predicate<String> dropped) {
        inherited = dropped.negate();
        return this;
    }

    public ChildProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ChildProcess env(Map<String, String> variables) {
        env.putAll(variables);
        return this;
    }

    /** The variables of an importer on {@code logs} with these state and dead-letter files, into {@code qdrant} (when given). */
    public ChildProcess importerEnv(Path logs, Path stateFile, Path deadLetterFile, QdrantServer qdrant) {
        env("CLAUDE_LOGS_DIR", logs.toString());
        env("STATE_FILE", stateFile.toString());
        env("DEAD_LETTER_FILE", deadLetterFile.toString());
        if (qdrant != null) {
            env("QDRANT_URL", qdrant.httpUrl());
            env("QDRANT_GRPC_PORT", Integer.toString(qdrant.grpcPort()));
        }
        return env("ORT_DISABLE_TELEMETRY", "1");
    }

    /** Starts it, what it prints going to {@code output}. */
    public Process start(Path output) {
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(inherited.negate());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + commandLine, e);
        }
    }

    /** The project folder (Maven's basedir, else the working dir). */
    public static Path basedir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The importer's jar, which {@code mvn package} builds before the ITs. */
    public static Path jar() {
        Path jar = basedir().resolve("target/reflect-importer.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after mvn package");
        }
        return jar;
    }
}
