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

    /** Seven sessions of four projects under {@link #projects()}: a small import for a test to disturb. */
    public static final List<String> SEVEN_SESSIONS = List.of(
            "-Users-paul-src-entireio-cli/cde341db-b80a-44f5-b0f2-94db2ef7a164.jsonl",
            "-Users-soph-Work-entire-devenv-cli/130d7b7e-5801-4345-9bd6-f32fd9b8429b.jsonl",
            "-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl",
            "-Users-alex-workspace-cli/8b418ea5-895d-4ad5-abe8-4489d36e454f.jsonl",
            "-Users-chip-dev-ai-music/ba79134d-b6e9-4867-af0c-6941038c9e4b.jsonl",
            "-Users-soph-Work-entire-devenv-cli/488c5296-fc78-4fdf-8cfd-f1cae9454bd0.jsonl",
            "-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl");

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
