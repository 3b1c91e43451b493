package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.app.StoredChunks.StoredChunk;
import dev.reflect.importer.chunking.PointIds;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.Corpus;
import dev.reflect.importer.testsupport.QdrantCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 3-node Qdrant cluster, collections with 3 shards and 2 replicas: one node killed with SIGKILL in the
 * middle of an import loses nothing. The importer retries what failed, searches answer while the node is down,
 * and every chunk is stored exactly once, on the surviving nodes and again after the node is back.
 */
class ClusterIT {

    private static final String PROJECT = "cluster-it";
    private static final List<String> FILES = Corpus.SEVEN_SESSIONS;
    private static final int KILLED_NODE = 3;
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration REPLICAS_ACTIVE_WITHIN = Duration.ofMinutes(2);

    @TempDir
    Path work;

    @Test
    void should_store_every_chunk_exactly_once_when_a_node_is_killed_mid_import_and_restarted() throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs").resolve(PROJECT));
        Map<String, Integer> expectedChunks = new TreeMap<>();
        for (String file : FILES) {
            Path source = Corpus.projects().resolve(file);
            Files.copy(source, logs.resolve(source.getFileName()));
            expectedChunks.put(StoredChunks.conversationOf(source), StoredChunks.chunksFor(StoredChunks.messagesIn(source)));
        }
        long expectedTotal = expectedChunks.values().stream().mapToLong(Integer::longValue).sum();

        try (QdrantCluster cluster = QdrantCluster.start(3, work.resolve("cluster"));
             QdrantStore node1 = store(cluster.node(1))) {
            Path importLog = work.resolve("import.log");
            Process importer = JarRun.start("import", work.resolve("logs"), work, cluster.node(1).httpUrl(),
                    cluster.node(1).grpcPort(), importLog, Map.of("QDRANT_SHARDS", "3", "QDRANT_REPLICAS", "2",
                            "QDRANT_WRITE_CONSISTENCY", "1", "QDRANT_RETRY_DELAY_MS", "200",
                            "QDRANT_RETRY_MAX_DELAY_MS", "2000", "QDRANT_RETRIES", "20"));

            long beforeKill = awaitPoints(node1, importer);
            cluster.kill(KILLED_NODE);
            System.out.printf("ClusterIT: %d of %d points stored when node %d was killed with SIGKILL%n", beforeKill,
                    expectedTotal, KILLED_NODE);
            assertThat(importer.isAlive()).as("the importer is still importing when the node is killed").isTrue();

            CliRun search = CliRun.reflect(CliRun.settings(work.resolve("logs"), work.resolve("search"),
                    cluster.node(1).httpUrl(), cluster.node(1).grpcPort()), "search", "error", "--project", PROJECT,
                    "--limit", "3", "--json");
            System.out.printf("ClusterIT: search with node %d down: exit %d, %d characters%n", KILLED_NODE,
                    search.exit(), search.printed().length());
            assertThat(search.exit()).as(search.printed()).isZero();

            assertThat(importer.waitFor(IMPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the import finishes")
                    .isTrue();
            String output = Files.readString(importLog);
            long retries = output.lines().filter(l -> l.contains("WARN")).count();
            output.lines().filter(l -> l.contains("WARN") || l.contains("Imported ")).limit(20)
                    .forEach(l -> System.out.println("ClusterIT importer: " + l));
            assertThat(importer.exitValue()).as(output).isZero();

            long afterImport = node1.count(StoredChunks.collectionOf(PROJECT));
            System.out.printf("ClusterIT: %d points with node %d down (expected %d), %d WARN lines (retries)%n",
                    afterImport, KILLED_NODE, expectedTotal, retries);
            assertExactlyOnce(node1, expectedChunks, expectedTotal);
            try (QdrantStore node2 = store(cluster.node(2))) {
                assertExactlyOnce(node2, expectedChunks, expectedTotal);
            }
            CliRun status = CliRun.reflect(CliRun.settings(work.resolve("logs"), work, cluster.node(1).httpUrl(),
                    cluster.node(1).grpcPort()), "status");
            System.out.println("ClusterIT: reflect status with node " + KILLED_NODE + " down:\n" + status.printed());

            cluster.restart(KILLED_NODE);
            String clusterInfo = awaitReplicasActive(cluster);
            System.out.println("ClusterIT: after the restart: " + clusterInfo);
            try (QdrantStore node3 = store(cluster.node(KILLED_NODE))) {
                System.out.printf("ClusterIT: %d points after node %d restarted%n",
                        node3.count(StoredChunks.collectionOf(PROJECT)), KILLED_NODE);
                assertExactlyOnce(node3, expectedChunks, expectedTotal);
            }
            assertExactlyOnce(node1, expectedChunks, expectedTotal);
        }
    }

    private static QdrantStore store(QdrantCluster.Node node) {
        return new QdrantStore(node.host(), node.grpcPort(), false, null, Duration.ofSeconds(30));
    }

    /** Waits until the importer stored a first part of the corpus, and returns how many points it holds. */
    private static long awaitPoints(QdrantStore qdrant, Process importer) {
        String collection = StoredChunks.collectionOf(PROJECT);
        return Awaitility.await("a first part of the corpus stored").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the importer exited before it stored 20 points", () -> !importer.isAlive())
                .until(() -> qdrant.collections().contains(collection) ? qdrant.count(collection) : 0, points -> points >= 20);
    }

    /** Waits until no shard replica of the collection is in another state than Active; returns the cluster info. */
    private static String awaitReplicasActive(QdrantCluster cluster) {
        String path = "/collections/" + StoredChunks.collectionOf(PROJECT) + "/cluster";
        AtomicReference<String> info = new AtomicReference<>("");
        try {
            return Awaitility.await("replicas all Active").atMost(REPLICAS_ACTIVE_WITHIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        info.set(cluster.get(cluster.node(1), path));
                        return info.get();
                    }, answer -> answer.startsWith("200") && !answer.matches("(?s).*\"state\":\"(?!Active)[A-Za-z]+\".*")
                            && answer.contains("\"shard_transfers\":[]"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("replicas not all Active within " + REPLICAS_ACTIVE_WITHIN + ": " + info.get(), e);
        }
    }

    private static void assertExactlyOnce(QdrantStore qdrant, Map<String, Integer> expectedChunks, long expectedTotal) {
        assertThat(qdrant.count(StoredChunks.collectionOf(PROJECT))).as("points").isEqualTo(expectedTotal);
        Map<String, Map<Long, StoredChunk>> stored = StoredChunks.byConversation(qdrant, PROJECT);
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(expectedChunks.keySet());
        expectedChunks.forEach((conversation, chunks) -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                ids.add(PointIds.of(conversation, i));
            }
            assertThat(stored.get(conversation).values()).as("chunks of %s", conversation)
                    .extracting(StoredChunk::id).containsExactlyElementsOf(ids);
        });
    }
}
