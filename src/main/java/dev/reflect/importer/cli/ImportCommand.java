package dev.reflect.importer.cli;

import dev.reflect.importer.app.ImportRun;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.state.StateFileException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;

/** {@code reflect import}: everything pending once, a summary line, then exit (1 when a file failed). */
@Command(name = "import",
        description = "Import everything pending once, print a summary, exit.")
public final class ImportCommand extends ReflectCommand {

    public ImportCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        ImporterMain importer = ImporterMain.start(invocation, logs, false);
        ImportRun run = importer.run();
        try {
            run.awaitFirstPass(Long.MAX_VALUE / 4, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            importer.stop();
        }
        RunStats stats = run.stats();
        invocation.out().println(stats.summary());
        if (stats.fatal() instanceof StateFileException) {
            invocation.err().println("reflect: import stopped: " + stats.fatal().getMessage()
                    + ". Fix that and run the import again.");
            return ExitCode.SOFTWARE;
        }
        if (stats.fatal() != null) {
            invocation.err().println("reflect: import stopped: " + stats.fatal().getMessage()
                    + ". What was stored is recorded; run the import again to continue from there.");
            return ExitCode.SOFTWARE;
        }
        return stats.failedFiles() > 0 ? ExitCode.SOFTWARE : ExitCode.OK;
    }
}
