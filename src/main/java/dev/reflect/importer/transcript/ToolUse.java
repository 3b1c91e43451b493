package dev.reflect.importer.transcript;

/**
 * A tool call found in an assistant message.
 *
 * @param name     the tool's name, e.g. {@code Edit}
 * @param filePath the file it worked on ({@code input.file_path}, {@code input.path} or
 *                 {@code input.notebook_path}), or null
 */
public record ToolUse(String name, String filePath) {

    private static final java.util.Set<String> EDITING_TOOLS = java.util.Set.of("Edit", "Write", "MultiEdit", "NotebookEdit");

    public boolean edits() {
        return EDITING_TOOLS.contains(name);
    }
}
