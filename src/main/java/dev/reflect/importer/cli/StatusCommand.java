package dev.reflect.importer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.QdrantAccessException;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.state.ImportState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;

/** {@code reflect status}: per project, files and chunks in the state file, points and topology in Qdrant. */
@Command(name = "status",
        description = "Files and chunks per project in the state, points in Qdrant.")
public final class StatusCommand extends ReflectCommand {

    public StatusCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        Settings settings = settings();
        ImportState state = ImportState.load(settings.stateFile(), new ObjectMapper());
        Map<String, int[]> perProject = new TreeMap<>();
        state.chunksPerFile().forEach((file, chunks) -> {
            int[] counts = perProject.computeIfAbsent(projectDirOf(settings.logsDir(), Path.of(file)), k -> new int[2]);
            counts[0]++;
            counts[1] += chunks;
        });
        PrintStream out = invocation.out();
        out.printf("State: %s%nLogs:  %s%n%n", settings.stateFile(), settings.logsDir());
        out.printf("%-50s %7s %8s %8s  %s%n", "project", "files", "chunks", "points", "collection");
        try (QdrantStore qdrant = settings.openQdrant()) {
            List<String> existing = qdrant.collections();
            for (Map.Entry<String, int[]> e : perProject.entrySet()) {
                String collection = settings.collectionNames().conversations(ProjectNames.normalise(e.getKey()), settings.provider());
                boolean stored = existing.contains(collection);
                String points = stored ? Long.toString(qdrant.count(collection)) : "-";
                out.printf("%-50s %7d %8d %8s  %s%s%n", e.getKey(), e.getValue()[0], e.getValue()[1], points, collection,
                        stored ? "  " + qdrant.collectionAdmin().describeTopology(collection) : "");
            }
            return ExitCode.OK;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof QdrantAccessException refused) {
                    // the key or the certificate: its message says which setting to look at, the root cause does not
                    throw new CommandFailure("Qdrant at " + settings.qdrantUrl() + ": " + refused.getMessage());
                }
            }
            throw new CommandFailure("Qdrant at " + settings.qdrantUrl() + " cannot be reached: "
                    + CommandFailure.rootMessage(e));
        }
    }

    private static String projectDirOf(Path logsDir, Path file) {
        if (file.startsWith(logsDir) && logsDir.relativize(file).getNameCount() >= 2) {
            return logsDir.relativize(file).getName(0).toString();
        }
        Path parent = file.getParent();
        return parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
    }
}
