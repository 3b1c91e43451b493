package dev.reflect.importer.cli;

import dev.reflect.importer.mcp.McpStdioServer;
import picocli.CommandLine.Command;

/** {@code reflect mcp}: the MCP server on stdio for Claude Code, until the client closes stdin. */
@Command(name = "mcp",
        description = "MCP server on stdio for Claude Code (claude mcp add reflect -- reflect mcp).")
public final class McpCommand extends ReflectCommand {

    public McpCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        return new McpStdioServer(settings()).run();
    }
}
