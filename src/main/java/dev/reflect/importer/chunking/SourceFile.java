package dev.reflect.importer.chunking;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A log file seen from the logs root: one file is one conversation, its project is the first
 * folder under the root.
 *
 * @param file     absolute path of the log file
 * @param logsRoot the logs root it was found under
 * @param modified the file's modification time when the import began
 */
public record SourceFile(Path file, Path logsRoot, Instant modified) {

    public String conversationId() {
        String name = file.getFileName().toString();
        return name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    }

    /** The raw folder name under the logs root, e.g. {@code -Users-kyle-Code-claude-self-reflect}. */
    public String projectDir() {
        Path relative = logsRoot.relativize(file);
        if (relative.getNameCount() >= 2) {
            return relative.getName(0).toString();
        }
        Path rootName = logsRoot.getFileName();
        return rootName == null ? "" : rootName.toString();
    }

    public String project() {
        return ProjectNames.normalise(projectDir());
    }

    /** Path relative to the logs root. */
    public String relativePath() {
        return logsRoot.relativize(file).toString();
    }
}
