package dev.reflect.importer.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WorkingProjectTest {

    @Test
    void should_name_a_folder_as_claude_code_names_its_sessions_folder() {
        assertThat(WorkingProject.folderName(Path.of("/Users/kyle/Code/claude-self-reflect")))
                .isEqualTo("-Users-kyle-Code-claude-self-reflect");
        assertThat(WorkingProject.folderName(Path.of("/home/me/my.app_v2"))).isEqualTo("-home-me-my-app-v2");
    }

    @Test
    void should_default_to_the_normalised_project_of_the_working_directory() {
        assertThat(WorkingProject.of(Path.of("/Users/kyle/Code/claude-self-reflect"))).isEqualTo("claude-self-reflect");
        assertThat(WorkingProject.of(Path.of("/Users/paul/src/entireio/cli"))).isEqualTo("entireio-cli");
    }

    @Test
    void should_take_a_project_as_a_name_a_folder_name_or_a_path() {
        assertThat(WorkingProject.resolve("claude-self-reflect")).isEqualTo("claude-self-reflect");
        assertThat(WorkingProject.resolve("-Users-kyle-Code-claude-self-reflect")).isEqualTo("claude-self-reflect");
        assertThat(WorkingProject.resolve("/Users/kyle/Code/claude-self-reflect")).isEqualTo("claude-self-reflect");
    }
}
