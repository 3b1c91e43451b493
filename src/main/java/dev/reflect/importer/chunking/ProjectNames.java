package dev.reflect.importer.chunking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Project names and collection names exactly as claude-self-reflect's MCP server computes them
 * ({@code mcp-server/src/utils.py}, 2.7.3), so its search finds what this importer stores.
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

    /** {@code conv_<first 8 hex digits of md5(project)>_<suffix>}, e.g. {@code conv_7f6df0fc_local}. */
    public static String collectionName(String normalisedProject, String suffix) {
        return "conv_" + md5Hex(normalisedProject).substring(0, 8) + "_" + suffix;
    }

    private static String md5Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }
}
