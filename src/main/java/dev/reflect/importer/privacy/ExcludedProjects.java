package dev.reflect.importer.privacy;

import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.chunking.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Projects never imported ({@code REFLECT_EXCLUDE_PROJECTS}): each named by its project name as the importer
 * normalises it ({@code claude-self-reflect}) or by its folder under the logs root
 * ({@code -Users-kyle-Code-claude-self-reflect}).
 */
public final class ExcludedProjects {

    private final Path logsRoot;
    private final Set<String> names;

    public ExcludedProjects(Path logsRoot, Set<String> names) {
        this.logsRoot = logsRoot.toAbsolutePath().normalize();
        this.names = Set.copyOf(names);
    }

    /**
     * The names of a comma-separated list, blanks left out.
     *
     * @throws IllegalArgumentException naming an entry that cannot be a project (a path)
     */
    public static Set<String> parse(String list) {
        Set<String> names = new LinkedHashSet<>();
        if (list == null) {
            return names;
        }
        List<String> bad = new ArrayList<>();
        for (String entry : list.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                bad.add(name);
            }
            names.add(name);
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("'" + String.join("', '", bad) + "' is a path, not a project");
        }
        return names;
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** True when the file (or folder) belongs to an excluded project. */
    public boolean excludes(Path file) {
        if (names.isEmpty()) {
            return false;
        }
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(logsRoot) || absolute.equals(logsRoot)) {
            return false;
        }
        Path relative = logsRoot.relativize(absolute);
        String projectDir;
        if (relative.getNameCount() >= 2 || Files.isDirectory(absolute)) {
            projectDir = relative.getName(0).toString();
        } else {
            // a log directly in the root: its project is the root's own name, as SourceFile has it
            projectDir = new SourceFile(absolute, logsRoot, null).projectDir();
        }
        return names.contains(projectDir) || names.contains(ProjectNames.normalise(projectDir));
    }

    public Set<String> names() {
        return names;
    }
}
