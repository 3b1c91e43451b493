package dev.reflect.importer.cli;

import dev.reflect.importer.state.StateRepository;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.main.MainShutdownStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;

/**
 * {@code reflect watch}: keeps importing as logs change, until SIGTERM or Ctrl-C. It waits on Camel Main's own
 * shutdown strategy, which the JVM's shutdown releases (Camel's hangup interceptor, and this command's hook, which
 * then waits for the exit code).
 */
@Command(name = "watch",
        description = "Keep importing as logs change, until SIGTERM or Ctrl-C (then exit 0 once what was stored is recorded).")
public final class WatchCommand extends ReflectCommand {

    public WatchCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        ImporterMain importer = ImporterMain.start(invocation, logs, true);
        StateRepository state = importer.state();
        MainShutdownStrategy shutdown = importer.main().getShutdownStrategy();
        CompletableFuture<Integer> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.shutdown();
            exitWith(stopped.join());
        }, "reflect-stop"));
        int exit = ExitCode.SOFTWARE;
        try {
            shutdown.await();
            importer.stop();
            exit = stateWritten(state) ? ExitCode.OK : ExitCode.SOFTWARE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            importer.stop();
            exit = ExitCode.OK;
        } finally {
            stopped.complete(exit);
        }
        return exit;
    }

    private boolean stateWritten(StateRepository state) {
        if (state == null || state.state().writeFailure().isEmpty()) {
            return true;
        }
        invocation.err().println("reflect: stopped, but the state file could not be written: "
                + state.state().writeFailure().get().getMessage());
        return false;
    }

    /**
     * SIGTERM (or Ctrl-C) is how a user, systemd or Docker asks {@code watch} to stop. The JVM would end with 143
     * (128 + SIGTERM) even after a clean stop; once the importer stopped and recorded what it stored, the process
     * ends with 0 instead, or with 1 when the last state write had failed (what it stored is imported again).
     * This hook waits for that answer: the JVM cannot end before it.
     */
    private void exitWith(int exit) {
        invocation.out().flush();
        invocation.err().flush();
        // halt, not exit: this runs inside the JVM's shutdown, which exit would wait for.
        Runtime.getRuntime().halt(exit);
    }
}
