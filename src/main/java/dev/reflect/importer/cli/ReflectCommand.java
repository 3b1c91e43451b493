package dev.reflect.importer.cli;

import dev.reflect.importer.app.Settings;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What every command of {@code reflect} has, as Camel JBang's commands share {@code CamelCommand}: the invocation
 * it runs in, {@code --logs}, and the settings both make.
 */
public abstract class ReflectCommand implements Callable<Integer> {

    protected final Invocation invocation;

    @Mixin
    protected LogsOption logs;

    protected ReflectCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    protected PrintStream out() {
        return invocation.out();
    }

    /** The settings as a command outside Camel reads them (application.properties, environment, overrides). */
    protected Settings settings() {
        return invocation.settings(logs);
    }

    /** The caller's settings by property key, with {@code --logs}: for an importer the command starts. */
    protected Map<String, String> overrides() {
        return invocation.overrides(logs);
    }
}
