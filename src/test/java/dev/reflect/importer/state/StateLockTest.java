package dev.reflect.importer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLockTest {

    @TempDir
    Path dir;

    private Path stateFile() {
        return dir.resolve("config/imported-files.json");
    }

    @Test
    void should_hold_a_lock_file_beside_the_state_file_with_its_pid() throws IOException {
        try (StateLock lock = StateLock.acquire(stateFile())) {
            assertThat(lock.file()).isEqualTo(dir.resolve("config/imported-files.json.lock"));
            assertThat(Files.readString(lock.file()).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void should_refuse_a_second_importer_on_the_same_state_naming_the_lock_and_its_holder() throws IOException {
        try (StateLock first = StateLock.acquire(stateFile())) {
            assertThatThrownBy(() -> StateLock.acquire(stateFile()))
                    .isInstanceOf(StateFileException.class)
                    .hasMessageContaining("Another importer is using the state file " + stateFile())
                    .hasMessageContaining(first.file().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void should_let_the_next_importer_lock_once_the_first_let_go() throws IOException {
        StateLock.acquire(stateFile()).close();

        try (StateLock again = StateLock.acquire(stateFile())) {
            assertThat(again.file()).exists();
        }
    }

    @Test
    void should_not_be_blocked_by_a_lock_file_a_killed_importer_left() throws IOException {
        Path lockFile = StateLock.lockFileOf(stateFile());
        Files.createDirectories(lockFile.getParent());
        Files.writeString(lockFile, "999999999\n");

        try (StateLock lock = StateLock.acquire(stateFile())) {
            assertThat(Files.readString(lock.file()).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void should_remove_the_temp_files_of_importers_killed_while_writing() throws IOException {
        Files.createDirectories(stateFile().getParent());
        Path left = stateFile().resolveSibling("imported-files.json.4242.tmp");
        Path notOurs = stateFile().resolveSibling("imported-files.json.tmp");
        Files.writeString(left, "{\"imported_fi");
        Files.writeString(notOurs, "{}");

        try (StateLock lock = StateLock.acquire(stateFile())) {
            assertThat(left).doesNotExist();
            assertThat(notOurs).exists();
        }
    }

    @Test
    void should_refuse_a_state_folder_that_cannot_be_made_naming_it() throws IOException {
        Files.writeString(dir.resolve("config"), "a regular file where the state folder should be");

        assertThatThrownBy(() -> StateLock.acquire(stateFile()))
                .isInstanceOf(StateFileException.class)
                .hasMessageContaining("The state folder " + dir.resolve("config") + " is not writable");
    }

    @Test
    void should_refuse_a_read_only_state_folder_naming_it() throws IOException {
        Path folder = Files.createDirectories(stateFile().getParent());
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(folder), "permission bits do not stop this user (root) from writing");

            assertThatThrownBy(() -> StateLock.acquire(stateFile()))
                    .isInstanceOf(StateFileException.class)
                    .hasMessageContaining("The state folder " + folder + " is not writable");
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
