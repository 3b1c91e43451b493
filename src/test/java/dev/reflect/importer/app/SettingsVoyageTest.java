package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsVoyageTest {

    @Test
    void should_refuse_voyage_without_a_key_naming_both_variables() {
        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("PREFER_LOCAL_EMBEDDINGS", "false"), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("PREFER_LOCAL_EMBEDDINGS=false")
                .hasMessageContaining("VOYAGE_API_KEY")
                .hasMessageContaining("VOYAGE_KEY");
    }

    @Test
    void should_choose_voyage_with_either_key_and_never_show_the_key() {
        Settings settings = Settings.from(new Properties(),
                Map.of("PREFER_LOCAL_EMBEDDINGS", "false", "VOYAGE_KEY", "pa-secret"), Map.of());

        assertThat(settings.provider()).isEqualTo("voyage");
        assertThat(settings.voyageApiKey()).isEqualTo("pa-secret");
        assertThat(settings.voyageModel()).isEqualTo("voyage-3-large");
        assertThat(settings.voyageUrl()).isEqualTo("https://api.voyageai.com/v1");
        assertThat(settings.asProperties()).containsEntry("embedding.provider", "voyage")
                .containsEntry("voyage.rpm", "300").containsEntry("voyage.batch-size", "128");
        assertThat(settings.toString()).doesNotContain("pa-secret").contains("Voyage AI key set");
        assertThat(settings.asProperties().values()).doesNotContain("pa-secret");
    }

    @Test
    void should_prefer_voyage_api_key_over_voyage_key() {
        Settings settings = Settings.from(new Properties(), Map.of("PREFER_LOCAL_EMBEDDINGS", "false",
                "VOYAGE_API_KEY", "first", "VOYAGE_KEY", "second"), Map.of());

        assertThat(settings.voyageApiKey()).isEqualTo("first");
    }

    @Test
    void should_not_read_the_key_from_the_properties() {
        Properties properties = new Properties();
        properties.setProperty("voyage.api-key", "from-file");
        properties.setProperty("embedding.prefer-local", "false");

        assertThatThrownBy(() -> Settings.from(properties, Map.of(), Map.of())).isInstanceOf(SettingsException.class);
    }

    @Test
    void should_stay_local_by_default() {
        assertThat(Settings.from(new Properties(), Map.of(), Map.of()).provider()).isEqualTo("local");
    }

    @Test
    void should_refuse_a_batch_size_over_128() {
        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("VOYAGE_BATCH_SIZE", "129"), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageContaining("VOYAGE_BATCH_SIZE=129");
    }
}
