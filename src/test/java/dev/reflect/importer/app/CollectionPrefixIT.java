package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.search.SearchQuery;
import dev.reflect.importer.search.SearchService;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two team members on one Qdrant, each with QDRANT_COLLECTION_PREFIX: each import writes collections named with
 * the member's prefix (and none without), each search over all projects sees only its own prefix's collections,
 * and a search without a prefix sees neither.
 */
class CollectionPrefixIT {

    private static final String ALICE_DIR = "-Users-test-Code-prefix-alice-notes";
    private static final String BOB_DIR = "-Users-test-Code-prefix-bob-notes";
    private static final String ALICE_FILE = "-Users-alex-workspace-cli/1b3e6441-62e3-4b41-8a0c-9d252f531f7a.jsonl";
    private static final String BOB_FILE = "-Users-paul-src-entireio-cli/9b76dc0f-dc1b-4822-ac56-53cfa3fbc032.jsonl";
    private static final String ALICE_COLLECTION = "alice_" + unprefixed(ALICE_DIR);
    private static final String BOB_COLLECTION = "bob_" + unprefixed(BOB_DIR);
    private static final String REFLECTION = "prefix-it: the deploy key rotates every ninety days";

    @TempDir
    static Path work;

    static QdrantServer server;
    static CliRun aliceImport;
    static CliRun bobImport;

    @BeforeAll
    static void importEachMembersProjectWithItsPrefix() throws IOException {
        server = QdrantServer.shared();
        aliceImport = CliRun.reflect(settings("alice", ALICE_DIR, ALICE_FILE), "import");
        bobImport = CliRun.reflect(settings("bob", BOB_DIR, BOB_FILE), "import");
    }

    @AfterAll
    static void dropTheCollections() {
        if (server != null) {
            CliRun.deleteCollections(server, List.of(ALICE_COLLECTION, BOB_COLLECTION, "alice_reflections_local"));
        }
    }

    @Test
    void should_name_each_members_collection_with_the_members_prefix_and_write_none_without_it() {
        assertThat(aliceImport.exit()).as(aliceImport.printed()).isZero();
        assertThat(bobImport.exit()).as(bobImport.printed()).isZero();
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30))) {
            assertThat(qdrant.collections()).contains(ALICE_COLLECTION, BOB_COLLECTION)
                    .doesNotContain(unprefixed(ALICE_DIR), unprefixed(BOB_DIR));
            assertThat(qdrant.count(ALICE_COLLECTION)).isEqualTo(aliceImport.summary()[2]).isPositive();
            assertThat(qdrant.count(BOB_COLLECTION)).isEqualTo(bobImport.summary()[2]).isPositive();
        }
    }

    @Test
    void should_search_over_all_projects_only_the_collections_of_its_own_prefix() throws IOException {
        assertThat(collectionsFound("alice", "all")).contains(ALICE_COLLECTION).allMatch(c -> c.startsWith("alice_"));
        assertThat(collectionsFound("bob", "all")).contains(BOB_COLLECTION).allMatch(c -> c.startsWith("bob_"));
        assertThat(collectionsFound(null, "all")).noneMatch(c -> c.startsWith("alice_") || c.startsWith("bob_"));
    }

    @Test
    void should_find_a_project_by_name_only_under_its_prefix() throws IOException {
        String project = ProjectNames.normalise(ALICE_DIR);
        assertThat(collectionsFound("alice", project)).contains(ALICE_COLLECTION).allMatch(c -> c.startsWith("alice_"));

        CliRun unprefixed = CliRun.reflect(settings(null, ALICE_DIR, null), "search", "command", "--project", project);
        assertThat(unprefixed.exit()).as(unprefixed.printed()).isEqualTo(1);
        assertThat(unprefixed.err()).contains("No conversations of project '" + project + "'")
                .contains(unprefixed(ALICE_DIR));
        CliRun bob = CliRun.reflect(settings("bob", BOB_DIR, null), "search", "command", "--project", project);
        assertThat(bob.exit()).as(bob.printed()).isEqualTo(1);
        assertThat(bob.err()).contains("bob_" + unprefixed(ALICE_DIR));
    }

    @Test
    void should_list_the_prefixed_collection_in_status() {
        CliRun status = CliRun.reflect(settings("alice", ALICE_DIR, null), "status");

        assertThat(status.exit()).as(status.printed()).isZero();
        assertThat(status.out()).contains(ALICE_COLLECTION + "  1 shard(s) x1 replica(s)");
    }

    @Test
    void should_store_a_reflection_under_the_prefix_where_only_that_member_finds_it() {
        Properties none = new Properties();
        Map<String, String> aliceSettings = settings("alice", ALICE_DIR, null);
        try (SearchService alice = Embedders.search(Settings.from(none, Map.of(), aliceSettings));
             SearchService bob = Embedders.search(Settings.from(none, Map.of(), settings("bob", BOB_DIR, null)))) {
            alice.storeReflection(REFLECTION, List.of("prefix-it"), "all");

            assertThat(alice.reflectionsCollection()).isEqualTo("alice_reflections_local");
            assertThat(texts(alice.search(SearchQuery.of("deploy key rotates", 5).withProject("all"))))
                    .contains(REFLECTION);
            assertThat(texts(bob.search(SearchQuery.of("deploy key rotates", 5).withProject("all"))))
                    .doesNotContain(REFLECTION);
        }
    }

    /** The collections of the hits of {@code reflect search} over {@code project} with this prefix (null: none). */
    private static Set<String> collectionsFound(String prefix, String project) throws IOException {
        CliRun search = CliRun.reflect(settings(prefix, ALICE_DIR, null), "search", "command", "--project", project,
                "--limit", "50", "--json");
        assertThat(search.exit()).as(search.printed()).isZero();
        Set<String> collections = new TreeSet<>();
        for (JsonNode hit : new ObjectMapper().readTree(search.out())) {
            collections.add(hit.path("collection").asText());
        }
        return collections;
    }

    private static List<String> texts(List<dev.reflect.importer.search.SearchHit> hits) {
        List<String> texts = new ArrayList<>();
        hits.forEach(hit -> texts.add(hit.text()));
        return texts;
    }

    /**
     * Settings of one member: logs holding {@code file} (a corpus file, copied once) in the project folder
     * {@code dir}, a state file of the member's own, and the prefix (none when null).
     */
    private static Map<String, String> settings(String prefix, String dir, String file) {
        String member = prefix == null ? "nobody" : prefix;
        Path logs = work.resolve(member).resolve("logs");
        try {
            if (file != null) {
                Path source = Corpus.projects().resolve(file);
                Files.copy(source, Files.createDirectories(logs.resolve(dir)).resolve(source.getFileName()));
            } else {
                Files.createDirectories(logs);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> settings = CliRun.settings(logs, work.resolve(member), server);
        if (prefix != null) {
            settings.put("qdrant.collection-prefix", prefix);
        }
        return settings;
    }

    private static String unprefixed(String dir) {
        return CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise(dir), "local");
    }
}
