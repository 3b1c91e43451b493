package dev.reflect.importer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The corpus of real Claude Code logs kept in the repository ({@code testdata/corpus}, sources in its README). */
public final class Corpus {

    private Corpus() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("user.dir")).resolve("testdata/corpus").normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("The test corpus is not at " + root);
        }
        return root;
    }

    public static Path projects() {
        return root().resolve("projects");
    }

    public static Path edgeCases() {
        return root().resolve("edge-cases");
    }

    /**
     * Copies the corpus's projects into {@code target}, every log last modified {@code age} ago. The corpus's own
     * modification times are whenever it was copied onto the machine (minutes ago on a fresh CI machine, which
     * makes every file a live session); a test about the backlog gives its files an age of its choosing.
     */
    public static Path projectsAged(Path target, Duration age) {
        Path from = projects();
        FileTime modified = FileTime.from(Instant.now().minus(age));
        try (Stream<Path> walk = Files.walk(from)) {
            List<Path> logs = walk.filter(f -> f.toString().endsWith(".jsonl")).toList();
            for (Path log : logs) {
                Path copy = target.resolve(from.relativize(log).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(log, copy);
                Files.setLastModifiedTime(copy, modified);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the corpus to " + target, e);
        }
    }
}
