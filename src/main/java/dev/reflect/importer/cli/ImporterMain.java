package dev.reflect.importer.cli;

import dev.reflect.importer.app.ImportRun;
import dev.reflect.importer.app.Reflect;
import dev.reflect.importer.app.SettingsException;
import dev.reflect.importer.ops.ManagementServer;
import dev.reflect.importer.state.StateFileException;
import dev.reflect.importer.state.StateRepository;
import java.util.Map;
import org.apache.camel.main.Main;

/** The importer's Camel Main, started for {@code import} or {@code watch}, and what its registry holds for them. */
final class ImporterMain {

    private final Main main;

    private ImporterMain(Main main) {
        this.main = main;
    }

    /**
     * Starts the routes. A setting Camel could not use or a state file another importer holds ends the command
     * with 2 (thrown as they are); any other failure to start with 1.
     */
    static ImporterMain start(Invocation invocation, LogsOption logs, boolean watch) {
        Map<String, String> overrides = invocation.overrides(logs);
        Main main = new Main();
        main.bind(Reflect.ENVIRONMENT, invocation.environment());
        overrides.forEach(main::addOverrideProperty);
        main.addOverrideProperty("importer.mode", watch ? "watch" : "import");
        ManagementServer.properties(invocation.environment(), overrides, watch).forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            // What the configuration made (the state lock with it) is let go.
            main.stop();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SettingsException || t instanceof StateFileException) {
                    throw (RuntimeException) t;
                }
            }
            throw new CommandFailure("could not start: " + CommandFailure.rootMessage(e));
        }
        return new ImporterMain(main);
    }

    Main main() {
        return main;
    }

    ImportRun run() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("importRun", ImportRun.class);
    }

    StateRepository state() {
        return main.getCamelContext().getRegistry().lookupByNameAndType("importState", StateRepository.class);
    }

    void stop() {
        main.stop();
    }
}
