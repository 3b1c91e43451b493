package dev.reflect.importer.mcp;

import dev.reflect.importer.chunking.ProjectNames;
import java.nio.file.Path;

/**
 * The project of a folder as the importer names it: Claude Code keeps a folder's sessions under
 * {@code ~/.claude/projects/<the folder's path, every character but A-Z, a-z and 0-9 as '-'>}, and the importer
 * normalises that name ({@link ProjectNames#normalise}).
 */
final class WorkingProject {

    private WorkingProject() {
    }

    /** Claude Code's folder name for {@code folder}, e.g. {@code /home/kyle/Code/my.app} → {@code -home-kyle-Code-my-app}. */
    static String folderName(Path folder) {
        return folder.toAbsolutePath().normalize().toString().replaceAll("[^A-Za-z0-9]", "-");
    }

    /** The normalised project of {@code folder}: what {@code project} means when a tool call leaves it out. */
    static String of(Path folder) {
        return ProjectNames.normalise(folderName(folder));
    }

    /**
     * A tool's {@code project} argument as the search takes it: a path is turned into its folder name first, then
     * a folder name under {@code ~/.claude/projects} is normalised; a normalised name stays as it is.
     */
    static String resolve(String project) {
        String name = project.strip();
        if (name.startsWith("/") || name.startsWith("~")) {
            name = folderName(Path.of(name.startsWith("~") ? System.getProperty("user.home") + name.substring(1) : name));
        }
        return ProjectNames.normalise(name);
    }
}
