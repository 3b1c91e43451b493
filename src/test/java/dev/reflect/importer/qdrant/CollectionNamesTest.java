package dev.reflect.importer.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.importer.chunking.ProjectNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CollectionNamesTest {

    private static final CollectionNames ALICE = new CollectionNames("alice");

    // md5 prefixes checked with python3 hashlib.md5(name.encode()).hexdigest()[:8]
    @ParameterizedTest
    @CsvSource({
            "claude-self-reflect, conv_7f6df0fc_local",
            "ai-music, conv_e3311b60_local",
            "sample-project, conv_b468ec5c_local"})
    void should_name_the_collection_after_the_md5_of_the_project(String project, String collection) {
        assertThat(CollectionNames.UNPREFIXED.conversations(project, "local")).isEqualTo(collection);
    }

    @Test
    void should_name_the_collection_of_a_folder_as_claude_self_reflect_does() {
        assertThat(CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise("-Users-kyle-Code-claude-self-reflect"),
                "local")).isEqualTo("conv_7f6df0fc_local");
        assertThat(CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise("-Users-chip-dev-ai-music"), "local"))
                .isEqualTo("conv_e3311b60_local");
        assertThat(CollectionNames.UNPREFIXED.conversations("claude-self-reflect", "voyage"))
                .isEqualTo("conv_7f6df0fc_voyage");
        assertThat(CollectionNames.UNPREFIXED.reflections("local")).isEqualTo("reflections_local");
    }

    @Test
    void should_put_the_prefix_and_an_underscore_before_every_name() {
        assertThat(ALICE.conversations("claude-self-reflect", "local")).isEqualTo("alice_conv_7f6df0fc_local");
        assertThat(ALICE.reflections("voyage")).isEqualTo("alice_reflections_voyage");
        assertThat(CollectionNames.upgraded(ALICE.reflections("local"))).isEqualTo("alice_reflections_local_hybrid");
    }

    @Test
    void should_recognise_only_the_conversations_of_its_own_prefix_and_provider() {
        assertThat(ALICE.isConversations("alice_conv_7f6df0fc_local", "local")).isTrue();
        assertThat(ALICE.isConversations("conv_7f6df0fc_local", "local")).as("no prefix").isFalse();
        assertThat(ALICE.isConversations("bob_conv_7f6df0fc_local", "local")).as("another member").isFalse();
        assertThat(ALICE.isConversations("alice_conv_7f6df0fc_voyage", "local")).as("another provider").isFalse();
        assertThat(ALICE.isConversations("alice_reflections_local", "local")).isFalse();
        assertThat(CollectionNames.UNPREFIXED.isConversations("conv_7f6df0fc_local", "local")).isTrue();
        assertThat(CollectionNames.UNPREFIXED.isConversations("alice_conv_7f6df0fc_local", "local"))
                .as("a prefixed collection is not a single user's").isFalse();
    }

    @Test
    void should_not_take_a_longer_prefix_that_begins_like_its_own_for_its_own() {
        CollectionNames al = new CollectionNames("al");
        assertThat(al.isConversations("al_x_conv_7f6df0fc_local", "local")).isFalse();
        assertThat(new CollectionNames("al_x").isConversations("al_x_conv_7f6df0fc_local", "local")).isTrue();
        assertThat(al.isOwn("al_x_reflections_local", "local")).isFalse();
    }

    @Test
    void should_count_the_upgrade_copies_of_its_own_collections_as_its_own() {
        assertThat(ALICE.isOwn("alice_conv_7f6df0fc_local_hybrid", "local")).isTrue();
        assertThat(ALICE.isOwn("alice_reflections_local_hybrid", "local")).isTrue();
        assertThat(ALICE.isOwn("alice_reflections_local", "local")).isTrue();
        assertThat(ALICE.isOwn("conv_7f6df0fc_local_hybrid", "local")).isFalse();
        assertThat(ALICE.isOwn("reflections_local", "local")).isFalse();
        assertThat(CollectionNames.UNPREFIXED.isOwn("reflections_local", "local")).isTrue();
        assertThat(CollectionNames.UNPREFIXED.isOwn("alice_reflections_local", "local")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "team-a_bob", "A1", "x"})
    void should_accept_letters_digits_underscores_and_hyphens(String prefix) {
        assertThat(new CollectionNames(prefix).reflections("local")).isEqualTo(prefix + "_reflections_local");
    }

    @ParameterizedTest
    @ValueSource(strings = {"_alice", "-alice", "alice/bob", "al ice", "alice:1", "al*", "ålice",
            "a2345678901234567890123456789012345678901234567890123456789012345"})
    void should_refuse_a_prefix_qdrant_or_a_jwt_claim_would_not_take_as_it_is(String prefix) {
        assertThatThrownBy(() -> new CollectionNames(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits, _ or -");
    }
}
