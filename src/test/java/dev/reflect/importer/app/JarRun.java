package dev.reflect.importer.app;

import dev.reflect.importer.testsupport.ChildProcess;
import dev.reflect.importer.testsupport.QdrantServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The importer as its own process ({@code java -jar target/reflect-importer.jar}, built by {@code mvn package}
 * before the ITs), configured only by environment variables, its output in a log file: for tests that kill or
 * stop it from outside.
 */
final class JarRun {

    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "TMPDIR");

    private JarRun() {
    }

    /**
     * Starts {@code reflect <command>} on {@code logs}, with state and dead letters under {@code work}.
     *
     * @param extraEnv further variables, e.g. {@code WATCH_INTERVAL}
     */
    static Process start(String command, Path logs, Path work, QdrantServer server, Path output,
                         Map<String, String> extraEnv) {
        return start(ChildProcess.importer(List.of("-Xmx128m"), command), logs, work, server, output, extraEnv)
                .start(output);
    }

    /** As above, against the Qdrant at {@code qdrantUrl} (gRPC on {@code grpcPort}): a node of a cluster, say. */
    static Process start(String command, Path logs, Path work, String qdrantUrl, int grpcPort, Path output,
                         Map<String, String> extraEnv) {
        return start(ChildProcess.importer(List.of("-Xmx128m"), command), logs, work, null, output, extraEnv)
                .env("QDRANT_URL", qdrantUrl)
                .env("QDRANT_GRPC_PORT", Integer.toString(grpcPort))
                .start(output);
    }

    /** {@code reflect <args...>} (a command and its options, e.g. {@code search TEXT --json}) against {@code server}. */
    static Process startWithArgs(List<String> args, Path logs, Path work, QdrantServer server, Path output,
                                 Map<String, String> extraEnv) {
        return start(ChildProcess.importer(List.of("-Xmx128m"), args.toArray(String[]::new)), logs, work, server, output,
                extraEnv).start(output);
    }

    /** What a run that ended printed (stdout and stderr, its logs with them) and its exit code. */
    record Finished(int exit, String output) {
    }

    /** Runs {@code reflect <args...>} as {@link #startWithArgs} does and waits up to 3 minutes for it to end. */
    static Finished run(List<String> args, Path logs, Path work, QdrantServer server, Map<String, String> extraEnv)
            throws java.io.IOException, InterruptedException {
        Path output = java.nio.file.Files.createTempFile(work, "reflect-", ".log");
        Process process = startWithArgs(args, logs, work, server, output, extraEnv);
        if (!process.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("reflect " + args + " did not end within 3 minutes:\n"
                    + java.nio.file.Files.readString(output));
        }
        return new Finished(process.exitValue(), java.nio.file.Files.readString(output));
    }

    /**
     * {@code ./reflect <command>} as a user runs it: the script's heap, JVM flags and allocator, on the jar
     * {@code mvn package} built.
     */
    static Process startScript(String command, Path logs, Path work, QdrantServer server, Path output) {
        return start(ChildProcess.of(List.of(ChildProcess.basedir().resolve("reflect").toString(), command)), logs, work,
                server, output, Map.of()).start(output);
    }

    /**
     * As {@link #start}, with the process unable to write any file past {@code kilobytes} (bash's {@code ulimit -f}):
     * a disk that fills up while it writes.
     */
    static Process startWithFileSizeLimit(String command, long kilobytes, String maxHeap, Path logs, Path work,
                                          QdrantServer server, Path output) {
        List<String> java = ChildProcess.importerCommandLine(List.of("-Xmx" + maxHeap, "-XX:-UsePerfData"), command);
        String quoted = String.join(" ", java.stream().map(word -> "'" + word + "'").toList());
        return start(ChildProcess.of(List.of("bash", "-c", "ulimit -f " + kilobytes + " && exec " + quoted)), logs, work,
                server, output, Map.of()).start(output);
    }

    private static ChildProcess start(ChildProcess process, Path logs, Path work, QdrantServer server, Path output,
                                      Map<String, String> extraEnv) {
        return process.inheritOnly(INHERITED)
                .importerEnv(logs, work.resolve("state/imported-files.json"),
                        work.resolve("dead-letters/malformed-lines.jsonl"), server)
                .env(extraEnv);
    }
}
