package dev.reflect.importer.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectNamesTest {

    @ParameterizedTest
    @CsvSource({
            "-Users-kyle-Code-claude-self-reflect, claude-self-reflect",
            "-Users-chip-dev-ai-music, ai-music",
            "-home-u-work-acme-web-app-client, app",
            "-Users-alex-workspace-cli, cli",
            "sample-project, sample-project",
            "-Users-x-Development-foo, foo",
            "-Users-paul-src-entireio-cli, entireio-cli",
            "-Users-x-projects-single, single",
            "-Users-x-GitHub-my-service-thing, service"})
    void should_normalise_a_project_folder_name(String folder, String project) {
        assertThat(ProjectNames.normalise(folder)).isEqualTo(project);
    }
}
