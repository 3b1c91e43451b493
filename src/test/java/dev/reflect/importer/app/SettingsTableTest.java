package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@link SettingsTable} is the one place a setting is declared: application.properties and the README's
 * configuration table must say what it says, and {@link SettingValues} reads it by one rule.
 *
 * <p>After changing the table, rewrite the README's table with
 * {@code mvn -B -q test -Dtest=SettingsTableTest -Dsettings.write-readme=true}.
 */
class SettingsTableTest {

    private static final String README_HEADER = "| variable | property | default | |";

    @Test
    void should_have_every_setting_in_application_properties_with_the_tables_default() {
        Properties properties = SettingValues.applicationProperties();

        for (Setting<?> setting : SettingsTable.ALL) {
            if (setting.key() == null) {
                continue;
            }
            assertThat(properties.getProperty(setting.key()))
                    .as("%s in application.properties (the table's default)", setting.key())
                    .isEqualTo(setting.fallback() == null ? "" : setting.fallback());
        }
    }

    @Test
    void should_have_no_setting_in_application_properties_the_table_does_not_declare() {
        List<String> declared = SettingsTable.ALL.stream().map(Setting::key).toList();

        assertThat(SettingValues.applicationProperties().stringPropertyNames())
                .filteredOn(key -> !key.startsWith("camel."))
                .allMatch(declared::contains, "declared in SettingsTable");
    }

    @Test
    void should_show_the_tables_settings_in_the_readme() throws IOException {
        Path readme = projectDir().resolve("README.md");
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        int start = lines.indexOf(README_HEADER);
        assertThat(start).as("the README's configuration table, headed %s", README_HEADER).isNotNegative();
        int end = start;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        String shown = String.join("\n", lines.subList(start, end)) + "\n";

        if (Boolean.getBoolean("settings.write-readme")) {
            List<String> written = new ArrayList<>(lines.subList(0, start));
            written.addAll(SettingsTable.markdown().lines().toList());
            written.addAll(lines.subList(end, lines.size()));
            Files.write(readme, written, StandardCharsets.UTF_8);
            return;
        }
        assertThat(shown).as("README.md's configuration table; rewrite it with "
                + "mvn -B -q test -Dtest=SettingsTableTest -Dsettings.write-readme=true").isEqualTo(SettingsTable.markdown());
    }

    @Test
    void should_declare_each_variable_and_key_once() {
        List<String> names = new ArrayList<>();
        SettingsTable.ALL.forEach(s -> {
            names.addAll(s.variables());
            if (s.key() != null) {
                names.add(s.key());
            }
        });

        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void should_keep_secrets_out_of_application_properties_and_overrides() {
        assertThat(SettingsTable.ALL).filteredOn(Setting::isSecret)
                .extracting(Setting::name)
                .containsExactlyInAnyOrder("QDRANT_API_KEY", "VOYAGE_API_KEY", "MANAGEMENT_PASSWORD")
                .allSatisfy(name -> assertThat(SettingsTable.ALL).filteredOn(s -> s.name().equals(name))
                        .allMatch(s -> s.key() == null));
    }

    @Test
    void should_take_the_override_then_the_environment_then_the_properties_then_the_default() {
        Properties properties = new Properties();
        properties.setProperty("importer.chunk-size", "7");

        assertThat(SettingValues.of(new Properties(), Map.of(), Map.of()).get(SettingsTable.CHUNK_SIZE)).isEqualTo(5);
        assertThat(SettingValues.of(properties, Map.of(), Map.of()).get(SettingsTable.CHUNK_SIZE)).isEqualTo(7);
        assertThat(SettingValues.of(properties, Map.of("CHUNK_SIZE", "8"), Map.of()).get(SettingsTable.CHUNK_SIZE))
                .isEqualTo(8);
        assertThat(SettingValues.of(properties, Map.of("CHUNK_SIZE", "8"), Map.of("importer.chunk-size", " 9 "))
                .get(SettingsTable.CHUNK_SIZE)).isEqualTo(9);
    }

    @Test
    void should_read_a_blank_value_as_unset() {
        assertThat(SettingValues.of(new Properties(), Map.of("CHUNK_SIZE", "  "), Map.of("importer.chunk-size", ""))
                .get(SettingsTable.CHUNK_SIZE)).isEqualTo(5);
        assertThat(SettingValues.of(new Properties(), Map.of("VOYAGE_API_KEY", " ", "VOYAGE_KEY", "pa-2"), Map.of())
                .get(SettingsTable.VOYAGE_API_KEY)).isEqualTo("pa-2");
    }

    @Test
    void should_read_a_secret_only_from_the_environment() {
        Properties properties = new Properties();
        properties.setProperty("management.password", "from-file");

        SettingValues values = SettingValues.of(properties, Map.of(), Map.of("management.password", "from-override"));

        assertThat(values.get(SettingsTable.MANAGEMENT_PASSWORD)).isNull();
        assertThat(values.asProperties(SettingsTable.ALL)).doesNotContainKey("management.password");
    }

    @Test
    void should_name_the_alias_a_refused_value_came_from() {
        assertThatThrownBy(() -> SettingValues.of(new Properties(), Map.of("MAX_MEMORY_MB", "lots"), Map.of())
                .get(SettingsTable.OPERATIONAL_MEMORY_MB))
                .isInstanceOf(SettingsException.class)
                .hasMessage("MAX_MEMORY_MB=lots is not valid: it must be a whole number from 0 to 1048576 (default 768).");
        assertThat(SettingValues.of(new Properties(), Map.of("MAX_MEMORY_MB", "512", "OPERATIONAL_MEMORY_MB", "256"),
                Map.of()).get(SettingsTable.OPERATIONAL_MEMORY_MB)).isEqualTo(256);
    }

    @Test
    void should_take_max_memory_mb_over_the_properties_default() {
        assertThat(SettingValues.fromClasspath(Map.of("MAX_MEMORY_MB", "512"), Map.of())
                .get(SettingsTable.OPERATIONAL_MEMORY_MB)).isEqualTo(512);
    }

    /** The project folder (where README.md is): Maven's basedir, else the working directory. */
    private static Path projectDir() {
        String basedir = System.getProperty("basedir");
        return Path.of(basedir != null ? basedir : System.getProperty("user.dir"));
    }
}
