package dev.reflect.importer.app;

import dev.reflect.importer.bench.Bench;
import dev.reflect.importer.bench.LiveBench;
import dev.reflect.importer.bench.McpBench;
import dev.reflect.importer.bench.SearchBench;
import dev.reflect.importer.cli.CommandFailure;
import dev.reflect.importer.cli.ImportCommand;
import dev.reflect.importer.cli.Invocation;
import dev.reflect.importer.cli.McpCommand;
import dev.reflect.importer.cli.SearchCommand;
import dev.reflect.importer.cli.StatusCommand;
import dev.reflect.importer.cli.WatchCommand;
import dev.reflect.importer.state.StateFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line: {@code reflect import|watch|search|status|mcp|bench...}, one picocli class per command, each
 * with {@code --help}. Exit codes: 0 done, 1 failure, 2 usage or configuration error (a bad option value is
 * answered with the option's name).
 */
@Command(name = "reflect", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "reflect-importer 0.1.0")
public final class Reflect implements Callable<Integer> {

    /** Registry name of the environment the importer's settings read (see ImporterConfiguration). */
    public static final String ENVIRONMENT = "environment";

    private static final String USAGE_TEXT = String.join("\n",
            "Usage:",
            "  reflect import [--logs DIR]     import everything pending once, print a summary, exit",
            "  reflect watch  [--logs DIR]     keep importing as logs change",
            "  reflect search TEXT [--project NAME|all] [--limit N] [--file PATH] [--decay|--no-decay]",
            "                 [--mode hybrid|dense|bm25] [--json]",
            "  reflect status                  files and chunks per project, points in Qdrant",
            "  reflect bench  [--logs DIR]     chunks/min of the bare model and of the whole pipeline",
            "  reflect bench-live [--logs DIR] [--copies N] [--messages N] [--pace-ms MS] [--backlog-age-min M]",
            "                                  append-to-searchable latency of a live session over a backlog",
            "  reflect bench-search [--logs DIR] [--seed N] [--no-import]",
            "                                  recall@1/@5 and MRR of known-item spans: dense, BM25 and hybrid",
            "  reflect mcp                     MCP server on stdio for Claude Code (claude mcp add reflect -- reflect mcp)",
            "  reflect bench-mcp [--logs DIR] [--calls N]  start-up and reflect_on_past latency of reflect mcp",
            "  reflect console                 Hawtio on http://127.0.0.1:9877/, showing a running watch (./reflect runs it)",
            "  reflect bench-memory [--logs DIR] [--copies N] [--mode import|watch] [--seconds S] [--camel] [--ratio]",
            "                                  peak and growing RSS of an import or a watch (./reflect runs it)",
            "  reflect help [COMMAND]          this list, or a command's options");

    private final Invocation invocation;

    @Spec
    private CommandSpec spec;

    /**
     * @param overrides settings by property key that win over the environment and application.properties
     *                  (the command line's options; tests use them to point at their own folders and Qdrant)
     */
    Reflect(PrintStream out, PrintStream err, Map<String, String> overrides) {
        this(out, err, overrides, System.getenv());
    }

    /** @param environment in place of the process environment (tests: a fake Voyage AI key) */
    Reflect(PrintStream out, PrintStream err, Map<String, String> overrides, Map<String, String> environment) {
        this.invocation = new Invocation(out, err, overrides, environment);
    }

    public static void main(String[] args) {
        System.exit(new Reflect(System.out, System.err, Map.of()).run(args));
    }

    int run(String[] args) {
        PrintWriter out = new PrintWriter(invocation.out(), true);
        PrintWriter err = new PrintWriter(invocation.err(), true);
        CommandLine cli = new CommandLine(this)
                .addSubcommand(new ImportCommand(invocation))
                .addSubcommand(new WatchCommand(invocation))
                .addSubcommand(new SearchCommand(invocation))
                .addSubcommand(new StatusCommand(invocation))
                .addSubcommand(new McpCommand(invocation))
                .addSubcommand(new Bench(invocation))
                .addSubcommand(new LiveBench(invocation))
                .addSubcommand(new SearchBench(invocation))
                .addSubcommand(new McpBench(invocation))
                .addSubcommand(new HelpCommand())
                // A value is the next word whatever it looks like: project folders start with '-' (-home-me-app),
                // and '-home...' is no cluster of -h and others.
                .setPosixClusteredShortOptionsAllowed(false)
                .setAllowOptionsAsOptionParameters(true)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(this::badUsage)
                .setExecutionExceptionHandler(this::failed);
        // The top level's help is the list of commands as the README shows it.
        cli.getCommandSpec().usageMessage().footer("%nRun reflect COMMAND --help for its options.");
        cli.getHelpSectionMap().remove(UsageMessageSpec.SECTION_KEY_SYNOPSIS_HEADING);
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> USAGE_TEXT + "\n\n");
        cli.getHelpSectionMap().remove(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING);
        cli.getHelpSectionMap().remove(UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code reflect} alone: the list of commands, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /** Wrong words on the command line: what was wrong, then the usage of the command it was given to. */
    private int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        if (e instanceof UnmatchedArgumentException unmatched && command.getCommandSpec() == spec
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            err.println("Unknown command '" + unmatched.getUnmatched().get(0) + "'.");
        } else {
            err.println(e.getMessage());
        }
        command.usage(err);
        return ExitCode.USAGE;
    }

    /** A command failed: settings and state-file problems are usage errors (2), the rest failures (1). */
    private int failed(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        if (e instanceof SettingsException || e instanceof StateFileException) {
            invocation.err().println("reflect: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (e instanceof CommandFailure || e instanceof IOException) {
            invocation.err().println("reflect: " + e.getMessage());
            return ExitCode.SOFTWARE;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return ExitCode.SOFTWARE;
        }
        throw e;
    }
}
