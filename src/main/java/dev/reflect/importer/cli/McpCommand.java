package dev.reflect.importer.cli;

import dev.reflect.importer.mcp.McpStdioServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code reflect mcp}: the MCP server on stdio for Claude Code, until the client closes stdin. */
@Command(name = "mcp",
        description = "MCP server on stdio for Claude Code (claude mcp add reflect -- reflect mcp).")
public final class McpCommand implements Callable<Integer> {

    private final Invocation invocation;

    @Mixin
    private LogsOption logs;

    public McpCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public Integer call() {
        return new McpStdioServer(invocation.settings(logs)).run();
    }
}
