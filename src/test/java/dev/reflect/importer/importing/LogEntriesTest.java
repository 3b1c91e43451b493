package dev.reflect.importer.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.file.FileConsumer;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogEntriesTest {

    @TempDir
    Path root;

    private Path project;
    private final LogEntries<File> entries = new LogEntries<>();

    @BeforeEach
    void makeAProject() throws IOException {
        project = Files.createDirectories(root.resolve("project"));
    }

    private boolean accepted(Path entry) {
        GenericFile<File> file = FileConsumer.asGenericFile(root.toString(), entry.toFile(), null, false);
        return entries.accept(file);
    }

    @Test
    void should_take_regular_log_files_folders_and_links_to_log_files() throws IOException {
        Path log = Files.writeString(project.resolve("c.jsonl"), "{}\n");
        Path elsewhere = Files.writeString(Files.createDirectories(root.resolveSibling(root.getFileName() + "-x"))
                .resolve("real.jsonl"), "{}\n");

        assertThat(accepted(log)).isTrue();
        assertThat(accepted(project)).isTrue();
        assertThat(accepted(Files.createSymbolicLink(project.resolve("link.jsonl"), log))).isTrue();
        assertThat(accepted(Files.createSymbolicLink(project.resolve("out.jsonl"), elsewhere))).isTrue();
    }

    @Test
    void should_skip_a_fifo_named_like_a_log_file() throws Exception {
        Path fifo = project.resolve("pipe.jsonl");
        assumeTrue(mkfifo(fifo), "mkfifo is not available here");

        assertThat(LogEntries.problemOf(fifo)).isEqualTo("a FIFO (named pipe), not a regular file");
        assertThat(accepted(fifo)).isFalse();
    }

    @Test
    void should_skip_a_link_to_a_device() throws IOException {
        Path device = Files.createSymbolicLink(project.resolve("null.jsonl"), Path.of("/dev/null"));

        assertThat(LogEntries.problemOf(device)).isEqualTo("a symbolic link to a character device, not to a regular file");
        assertThat(accepted(device)).isFalse();
    }

    @Test
    void should_skip_a_folder_named_like_a_log_file() throws IOException {
        Path folder = Files.createDirectories(project.resolve("odd.jsonl"));

        assertThat(LogEntries.problemOf(folder)).isEqualTo("a folder named like a log file");
        assertThat(accepted(folder)).isFalse();
    }

    @Test
    void should_skip_dangling_links_and_link_loops() throws IOException {
        Path dangling = Files.createSymbolicLink(project.resolve("gone.jsonl"), project.resolve("nothing-here.jsonl"));
        Path self = Files.createSymbolicLink(project.resolve("self.jsonl"), project.resolve("self.jsonl"));
        Path a = project.resolve("a.jsonl");
        Files.createSymbolicLink(a, project.resolve("b.jsonl"));
        Files.createSymbolicLink(project.resolve("b.jsonl"), a);

        assertThat(LogEntries.problemOf(dangling)).startsWith("a dangling symbolic link");
        assertThat(LogEntries.problemOf(self)).isEqualTo("a symbolic link loop");
        assertThat(LogEntries.problemOf(a)).isEqualTo("a symbolic link loop");
        assertThat(accepted(dangling)).isFalse();
        assertThat(accepted(self)).isFalse();
        assertThat(accepted(a)).isFalse();
    }

    @Test
    void should_not_follow_links_to_folders_back_into_or_out_of_the_logs_folder() throws IOException {
        Path up = Files.createSymbolicLink(project.resolve("up"), root);
        Path out = Files.createSymbolicLink(project.resolve("out"), Files.createDirectories(root.resolveSibling("other")));
        Path sibling = Files.createSymbolicLink(root.resolve("alias"), project);

        for (Path link : new Path[] {up, out, sibling}) {
            assertThat(LogEntries.problemOf(link)).as("%s", link).startsWith("a symbolic link to a folder");
            assertThat(accepted(link)).as("%s", link).isFalse();
        }
    }

    @Test
    void should_pass_other_files_to_the_include_pattern_without_examining_them() throws IOException {
        Path fifoNamedOtherwise = Files.createSymbolicLink(project.resolve("notes.txt"), Path.of("/dev/null"));

        assertThat(accepted(fifoNamedOtherwise)).isTrue();
    }

    @Test
    void should_take_an_entry_again_once_it_became_a_regular_file() throws IOException {
        Path log = project.resolve("later.jsonl");
        Files.createSymbolicLink(log, project.resolve("missing.jsonl"));
        assertThat(accepted(log)).isFalse();

        Files.delete(log);
        Files.writeString(log, "{}\n");

        assertThat(accepted(log)).isTrue();
    }

    /** Makes a FIFO with mkfifo(1); false when the command is missing. */
    static boolean mkfifo(Path path) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
