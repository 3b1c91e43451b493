package dev.reflect.importer.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.importer.app.Settings;
import dev.reflect.importer.app.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcludedProjectsTest {

    @TempDir
    Path logs;

    @Test
    void should_exclude_a_project_by_its_normalised_name_or_its_folder_name() throws IOException {
        Path reflect = Files.createDirectories(logs.resolve("-Users-kyle-Code-claude-self-reflect"));
        Path other = Files.createDirectories(logs.resolve("-Users-kyle-Code-weatherapp"));
        Path secret = Files.createDirectories(logs.resolve("-Users-kyle-work-payroll"));

        ExcludedProjects excluded = new ExcludedProjects(logs, Set.of("claude-self-reflect", "-Users-kyle-work-payroll"));

        assertThat(excluded.excludes(reflect)).isTrue();
        assertThat(excluded.excludes(reflect.resolve("0cd9edf7.jsonl"))).isTrue();
        assertThat(excluded.excludes(reflect.resolve("subagents/agent-1.jsonl"))).isTrue();
        assertThat(excluded.excludes(secret.resolve("a.jsonl"))).isTrue();
        assertThat(excluded.excludes(other)).isFalse();
        assertThat(excluded.excludes(other.resolve("a.jsonl"))).isFalse();
        assertThat(excluded.excludes(logs)).isFalse();
    }

    @Test
    void should_exclude_nothing_without_names() {
        assertThat(new ExcludedProjects(logs, Set.of()).excludes(logs.resolve("p/a.jsonl"))).isFalse();
    }

    @Test
    void should_read_a_comma_separated_list_leaving_out_blanks() {
        assertThat(ExcludedProjects.parse(" claude-self-reflect, ,-Users-kyle-work-payroll,")).containsExactly(
                "claude-self-reflect", "-Users-kyle-work-payroll");
        assertThat(ExcludedProjects.parse(null)).isEmpty();
    }

    @Test
    void should_take_reflect_exclude_projects_from_the_environment() {
        Settings settings = Settings.from(new Properties(), Map.of("REFLECT_EXCLUDE_PROJECTS", "payroll,weatherapp"), Map.of());

        assertThat(settings.excludedProjects()).containsExactlyInAnyOrder("payroll", "weatherapp");
    }

    @Test
    void should_refuse_a_path_naming_the_variable() {
        assertThatThrownBy(() -> Settings.from(new Properties(),
                Map.of("REFLECT_EXCLUDE_PROJECTS", "payroll,/Users/kyle/work/payroll"), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("REFLECT_EXCLUDE_PROJECTS=payroll,/Users/kyle/work/payroll is not valid")
                .hasMessageContaining("'/Users/kyle/work/payroll' is a path");
    }
}
