package dev.reflect.importer.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.importer.testsupport.QdrantServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QdrantStoreIT {

    private static final int DIMENSION = 4;

    private QdrantStore store;
    private String collection;

    @BeforeEach
    void connect() {
        QdrantServer server = QdrantServer.shared();
        store = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(10));
        collection = "it_" + UUID.randomUUID().toString().replace("-", "");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void should_create_a_missing_collection_and_accept_it_again() {
        store.ensureCollection(collection, DIMENSION);
        store.ensureCollection(collection, DIMENSION);

        assertThat(store.collections()).contains(collection);
        assertThat(store.count(collection)).isZero();
    }

    @Test
    void should_accept_an_existing_collection_of_the_same_size_from_a_new_store() {
        store.ensureCollection(collection, DIMENSION);

        try (QdrantStore other = QdrantStore.fromUrl(QdrantServer.shared().httpUrl(),
                QdrantServer.shared().grpcPort(), null)) {
            other.ensureCollection(collection, DIMENSION);
            assertThat(other.count(collection)).isZero();
        }
    }

    @Test
    void should_round_trip_every_payload_type_and_return_the_nearest_first() {
        store.ensureCollection(collection, DIMENSION);
        UUID east = UUID.randomUUID();
        UUID north = UUID.randomUUID();
        UUID northEast = UUID.randomUUID();
        Map<String, Object> payload = new HashMap<>();
        payload.put("text", "hello qdrant");
        payload.put("chunk_index", 7);
        payload.put("timestamp", 1_763_000_000_000L);
        payload.put("score", 0.25d);
        payload.put("is_sidechain", true);
        payload.put("tools", List.of("Read", "Edit"));
        payload.put("missing", null);

        store.upsert(List.of(
                point(east, new float[] {1, 0, 0, 0}, payload),
                point(north, new float[] {0, 1, 0, 0}, Map.of("text", "north")),
                point(northEast, new float[] {1, 1, 0, 0}, Map.of("text", "north-east"))));

        assertThat(store.count(collection)).isEqualTo(3);
        List<QdrantStore.Hit> hits = store.search(collection, new float[] {0.9f, 0.1f, 0, 0}, 3);
        assertThat(hits).extracting(QdrantStore.Hit::id).containsExactly(east, northEast, north);
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(0).payload()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "text", "hello qdrant",
                "chunk_index", 7L,
                "timestamp", 1_763_000_000_000L,
                "score", 0.25d,
                "is_sidechain", true,
                "tools", List.of("Read", "Edit")));
        assertThat(store.scrollAll(collection)).containsOnlyKeys(east, north, northEast)
                .containsEntry(north, Map.of("text", "north"));
    }

    @Test
    void should_replace_a_point_upserted_again_with_the_same_id() {
        store.ensureCollection(collection, DIMENSION);
        UUID id = UUID.randomUUID();

        store.upsert(List.of(point(id, new float[] {1, 0, 0, 0}, Map.of("text", "first"))));
        store.upsert(List.of(point(id, new float[] {0, 1, 0, 0}, Map.of("text", "second"))));

        assertThat(store.count(collection)).isEqualTo(1);
        assertThat(store.scrollAll(collection)).containsExactly(Map.entry(id, Map.of("text", "second")));
    }

    @Test
    void should_upsert_into_each_points_own_collection() {
        String second = collection + "_b";
        store.ensureCollection(collection, DIMENSION);
        store.ensureCollection(second, DIMENSION);

        store.upsert(List.of(
                point(UUID.randomUUID(), new float[] {1, 0, 0, 0}, Map.of()),
                new ChunkPoint(second, UUID.randomUUID(), new float[] {0, 1, 0, 0}, Map.of()),
                point(UUID.randomUUID(), new float[] {0, 0, 1, 0}, Map.of())));

        assertThat(store.count(collection)).isEqualTo(2);
        assertThat(store.count(second)).isEqualTo(1);
    }

    @Test
    void should_refuse_an_existing_collection_with_another_vector_size() {
        store.ensureCollection(collection, DIMENSION);

        try (QdrantStore other = new QdrantStore(QdrantServer.shared().host(), QdrantServer.shared().grpcPort(),
                false, null, Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> other.ensureCollection(collection, 8))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(collection)
                    .hasMessageContaining("size 4")
                    .hasMessageContaining("size 8");
        }
        assertThatThrownBy(() -> store.ensureCollection(collection, 8))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(collection);
    }

    @Test
    void should_delete_points_by_id_and_keep_the_others() {
        store.ensureCollection(collection, DIMENSION);
        UUID keep = UUID.randomUUID();
        UUID drop = UUID.randomUUID();
        store.upsert(List.of(
                point(keep, new float[] {1, 0, 0, 0}, Map.of("text", "keep")),
                point(drop, new float[] {0, 1, 0, 0}, Map.of("text", "drop"))));

        store.delete(collection, List.of(drop, UUID.randomUUID()));

        assertThat(store.count(collection)).isEqualTo(1);
        assertThat(store.scrollAll(collection)).containsOnlyKeys(keep);
    }

    @Test
    void should_scroll_past_one_page() {
        store.ensureCollection(collection, DIMENSION);
        List<ChunkPoint> points = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            points.add(point(UUID.randomUUID(), new float[] {1, i, 0, 0}, Map.of("i", i)));
        }

        store.upsert(points);

        assertThat(store.scrollAll(collection)).hasSize(600);
    }

    @Test
    void should_name_action_and_collection_when_qdrant_fails() {
        String missing = collection + "_missing";

        assertThatThrownBy(() -> store.count(missing))
                .isInstanceOf(QdrantException.class)
                .hasMessageContaining("count")
                .hasMessageContaining(missing)
                .hasCauseInstanceOf(io.grpc.StatusRuntimeException.class);
        assertThatThrownBy(() -> store.search(collection + "_missing", new float[] {1, 0, 0, 0}, 1))
                .isInstanceOf(QdrantException.class)
                .hasMessageContaining("search");
    }

    @Test
    void should_fail_with_qdrant_exception_when_the_vector_has_the_wrong_size() {
        store.ensureCollection(collection, DIMENSION);

        assertThatThrownBy(() -> store.upsert(List.of(point(UUID.randomUUID(), new float[] {1, 0}, Map.of()))))
                .isInstanceOf(QdrantException.class)
                .hasMessageContaining("upsert")
                .hasMessageContaining(collection);
    }

    @Test
    void should_fail_with_qdrant_exception_when_nothing_listens() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        try (QdrantStore nowhere = new QdrantStore("127.0.0.1", closedPort, false, "secret-key",
                Duration.ofSeconds(2))) {
            assertThatThrownBy(nowhere::collections)
                    .isInstanceOf(QdrantException.class)
                    .hasMessageContaining("list collections")
                    .hasMessageNotContaining("secret-key");
        }
    }

    private ChunkPoint point(UUID id, float[] vector, Map<String, Object> payload) {
        return new ChunkPoint(collection, id, vector, payload);
    }
}
