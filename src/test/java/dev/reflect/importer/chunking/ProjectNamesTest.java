package dev.reflect.importer.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
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

    // md5 prefixes checked with python3 hashlib.md5(name.encode()).hexdigest()[:8]
    @ParameterizedTest
    @CsvSource({
            "claude-self-reflect, conv_7f6df0fc_local",
            "ai-music, conv_e3311b60_local",
            "sample-project, conv_b468ec5c_local"})
    void should_name_the_collection_after_the_md5_of_the_project(String project, String collection) {
        assertThat(ProjectNames.collectionName(project, "local")).isEqualTo(collection);
    }

    @Test
    void should_name_the_collection_of_a_folder_as_claude_self_reflect_does() {
        assertThat(ProjectNames.collectionName(ProjectNames.normalise("-Users-kyle-Code-claude-self-reflect"), "local"))
                .isEqualTo("conv_7f6df0fc_local");
        assertThat(ProjectNames.collectionName(ProjectNames.normalise("-Users-chip-dev-ai-music"), "local"))
                .isEqualTo("conv_e3311b60_local");
        assertThat(ProjectNames.collectionName("claude-self-reflect", "voyage")).isEqualTo("conv_7f6df0fc_voyage");
    }
}
