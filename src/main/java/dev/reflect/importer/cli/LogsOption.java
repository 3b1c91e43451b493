package dev.reflect.importer.cli;

import picocli.CommandLine.Option;

/** {@code --logs DIR}, which every command takes: the Claude Code logs folder in place of CLAUDE_LOGS_DIR's. */
public final class LogsOption {

    @Option(names = "--logs", paramLabel = "DIR",
            description = "the Claude Code logs folder (default: CLAUDE_LOGS_DIR, else ~/.claude/projects)")
    private String dir;

    public boolean given() {
        return dir != null;
    }

    public String dir() {
        return dir;
    }
}
