package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The importer as its own process ({@code java -jar target/reflect-importer.jar}, built by {@code mvn package}
 * before the ITs), configured only by environment variables, its output in a log file: for tests that kill or
 * stop it from outside.
 */
final class JarRun {

    private JarRun() {
    }

    /**
     * Starts {@code reflect <command>} on {@code logs}, with state and dead letters under {@code work}.
     *
     * @param extraEnv further variables, e.g. {@code WATCH_INTERVAL}
     */
    static Process start(String command, Path logs, Path work, QdrantServer server, Path output,
                         Map<String, String> extraEnv) throws IOException {
        return start(List.of("-Xmx128m"), command, logs, work, server, output, extraEnv);
    }

    /** As above, against the Qdrant at {@code qdrantUrl} (gRPC on {@code grpcPort}): a node of a cluster, say. */
    static Process start(String command, Path logs, Path work, String qdrantUrl, int grpcPort, Path output,
                         Map<String, String> extraEnv) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("QDRANT_URL", qdrantUrl);
        env.put("QDRANT_GRPC_PORT", Integer.toString(grpcPort));
        List<String> line = List.of(java(), "-Xmx128m", "-jar", jar().toString(), command);
        return start(line, logs, work, null, output, env);
    }

    /** {@code reflect <args...>} (a command and its options, e.g. {@code search TEXT --json}) against {@code server}. */
    static Process startWithArgs(List<String> args, Path logs, Path work, QdrantServer server, Path output,
                                 Map<String, String> extraEnv) throws IOException {
        List<String> line = new java.util.ArrayList<>(List.of(java(), "-Xmx128m", "-jar", jar().toString()));
        line.addAll(args);
        return start(line, logs, work, server, output, extraEnv);
    }

    /** What a run that ended printed (stdout and stderr, its logs with them) and its exit code. */
    record Finished(int exit, String output) {
    }

    /** Runs {@code reflect <args...>} as {@link #startWithArgs} does and waits up to 3 minutes for it to end. */
    static Finished run(List<String> args, Path logs, Path work, QdrantServer server, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        Path output = java.nio.file.Files.createTempFile(work, "reflect-", ".log");
        Process process = startWithArgs(args, logs, work, server, output, extraEnv);
        if (!process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("reflect " + args + " did not end within 3 minutes:\n"
                    + java.nio.file.Files.readString(output));
        }
        return new Finished(process.exitValue(), java.nio.file.Files.readString(output));
    }

    /** As above, with the JVM's options, e.g. the small heap {@code ./reflect} gives it. */
    static Process start(List<String> jvmOptions, String command, Path logs, Path work, QdrantServer server, Path output,
                         Map<String, String> extraEnv) throws IOException {
        List<String> line = new java.util.ArrayList<>();
        line.add(java());
        line.addAll(jvmOptions);
        line.addAll(List.of("-jar", jar().toString(), command));
        return start(line, logs, work, server, output, extraEnv);
    }

    /**
     * As {@link #start}, with the process unable to write any file past {@code kilobytes} (bash's {@code ulimit -f}):
     * a disk that fills up while it writes.
     */
    static Process startWithFileSizeLimit(String command, long kilobytes, String maxHeap, Path logs, Path work,
                                          QdrantServer server, Path output) throws IOException {
        String java = String.join(" ", java(), "-Xmx" + maxHeap, "-XX:-UsePerfData", "-jar", "'" + jar() + "'", command);
        return start(List.of("bash", "-c", "ulimit -f " + kilobytes + " && exec " + java), logs, work, server, output,
                Map.of());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process start(List<String> commandLine, Path logs, Path work, QdrantServer server, Path output,
                                 Map<String, String> extraEnv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
        env.put("CLAUDE_LOGS_DIR", logs.toString());
        env.put("STATE_FILE", work.resolve("state/imported-files.json").toString());
        env.put("DEAD_LETTER_FILE", work.resolve("dead-letters/malformed-lines.jsonl").toString());
        if (server != null) {
            env.put("QDRANT_URL", server.httpUrl());
            env.put("QDRANT_GRPC_PORT", Integer.toString(server.grpcPort()));
        }
        env.put("ORT_DISABLE_TELEMETRY", "1");
        env.put("DJL_OFFLINE", "true");
        env.putAll(extraEnv);
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static Path jar() {
        String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
        Path jar = Path.of(basedir, "target", "reflect-importer.jar");
        assertThat(jar).as("the jar mvn package builds before the ITs").isRegularFile();
        return jar;
    }
}
