package dev.reflect.importer.mcp;

/** A tool call that cannot be answered: its message becomes the text of an MCP {@code isError} result. */
final class ToolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ToolException(String message) {
        super(message);
    }

    ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
