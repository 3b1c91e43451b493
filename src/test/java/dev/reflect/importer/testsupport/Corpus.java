package dev.reflect.importer.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared corpus of real Claude Code logs beside the project ({@code ../shared/corpus}). */
public final class Corpus {

    private Corpus() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("user.dir")).resolve("../shared/corpus").normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("The shared corpus is not at " + root);
        }
        return root;
    }

    public static Path projects() {
        return root().resolve("projects");
    }

    public static Path edgeCases() {
        return root().resolve("edge-cases");
    }
}
