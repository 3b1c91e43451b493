package dev.reflect.importer.chunking;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Project names exactly as claude-self-reflect's MCP server computes them ({@code mcp-server/src/utils.py},
 * 2.7.3), so its search finds what this importer stores; the collection names are
 * {@link dev.reflect.importer.qdrant.CollectionNames}.
 */
public final class ProjectNames {

    private static final Set<String> PROJECT_ROOTS = Set.of("projects", "code", "repos", "repositories", "dev", "work", "src", "github");
    private static final List<String> PROJECT_WORDS = List.of("app", "service", "project", "api", "client");

    private ProjectNames() {
    }

    /** The normalised project name of a folder under {@code ~/.claude/projects}. */
    public static String normalise(String projectDir) {
        if (!projectDir.startsWith("-")) {
            return projectDir;
        }
        List<String> parts = Arrays.asList(projectDir.substring(1).replace('-', '/').split("/"));
        for (int i = 0; i < parts.size() - 1; i++) {
            if (PROJECT_ROOTS.contains(parts.get(i).toLowerCase(Locale.ROOT))) {
                List<String> after = parts.subList(i + 1, parts.size());
                if (after.size() == 1) {
                    return after.get(0);
                }
                for (String part : after) {
                    String lower = part.toLowerCase(Locale.ROOT);
                    if (PROJECT_WORDS.stream().anyMatch(lower::contains)) {
                        return part;
                    }
                }
                return String.join("-", after);
            }
        }
        return parts.get(parts.size() - 1);
    }
}
