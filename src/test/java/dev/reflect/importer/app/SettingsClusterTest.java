package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.importer.qdrant.CollectionTopology;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsClusterTest {

    @Test
    void should_keep_single_node_collections_by_default() {
        Settings settings = Settings.from(new Properties(), Map.of(), Map.of());

        assertThat(settings.collectionTopology()).isEqualTo(CollectionTopology.SINGLE_NODE);
    }

    @Test
    void should_read_shards_replicas_and_write_consistency_from_the_environment() {
        Settings settings = Settings.from(new Properties(), Map.of("QDRANT_SHARDS", "3", "QDRANT_REPLICAS", "2",
                "QDRANT_WRITE_CONSISTENCY", "2"), Map.of());

        assertThat(settings.collectionTopology()).isEqualTo(new CollectionTopology(3, 2, 2));
        assertThat(settings.asProperties()).containsEntry("qdrant.shards", "3").containsEntry("qdrant.replicas", "2");
    }

    @Test
    void should_refuse_a_write_consistency_above_the_replication_factor_naming_the_variable() {
        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("QDRANT_REPLICAS", "2",
                "QDRANT_WRITE_CONSISTENCY", "3"), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("QDRANT_WRITE_CONSISTENCY=3")
                .hasMessageContaining("from 1 to 2");
    }

    @Test
    void should_refuse_zero_shards_naming_the_variable() {
        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("QDRANT_SHARDS", "0"), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("QDRANT_SHARDS=0");
    }

    @Test
    void should_keep_the_single_user_collection_names_without_a_prefix() {
        Settings settings = Settings.from(new Properties(), Map.of(), Map.of());

        assertThat(settings.collectionNames().conversations("claude-self-reflect", "local"))
                .isEqualTo("conv_7f6df0fc_local");
    }

    @Test
    void should_prefix_every_collection_name_with_QDRANT_COLLECTION_PREFIX() {
        Settings settings = Settings.from(new Properties(), Map.of("QDRANT_COLLECTION_PREFIX", "alice"), Map.of());

        assertThat(settings.collectionNames().conversations("claude-self-reflect", "local"))
                .isEqualTo("alice_conv_7f6df0fc_local");
        assertThat(settings.collectionNames().reflections("local")).isEqualTo("alice_reflections_local");
        assertThat(settings.asProperties()).containsEntry("qdrant.collection-prefix", "alice");
    }

    @Test
    void should_refuse_a_prefix_with_a_slash_naming_the_variable() {
        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("QDRANT_COLLECTION_PREFIX", "alice/bob"),
                Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("QDRANT_COLLECTION_PREFIX=alice/bob")
                .hasMessageContaining("letters, digits, _ or -");
    }
}
