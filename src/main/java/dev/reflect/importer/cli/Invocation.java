package dev.reflect.importer.cli;

import dev.reflect.importer.app.SettingValues;
import dev.reflect.importer.app.Settings;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * What every command runs with: where it prints, the settings its caller gives (by property key; they win over the
 * environment and {@code application.properties}: tests point them at their own folders and Qdrant) and the
 * environment the settings read.
 */
public final class Invocation {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> overrides;
    private final Map<String, String> environment;

    public Invocation(PrintStream out, PrintStream err, Map<String, String> overrides, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.overrides = Map.copyOf(overrides);
        this.environment = Map.copyOf(environment);
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The caller's settings, with the logs folder of {@code --logs} when it was given. */
    public Map<String, String> overrides(LogsOption logs) {
        Map<String, String> all = new HashMap<>(overrides);
        if (logs.given()) {
            all.put("importer.logs-dir", logs.dir());
        }
        return all;
    }

    /** The settings as a command outside Camel reads them: application.properties, the environment, the overrides. */
    public Settings settings(LogsOption logs) {
        return Settings.from(SettingValues.applicationProperties(), environment, overrides(logs));
    }
}
