package dev.reflect.importer.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class QdrantStoreTest {

    @Test
    void should_use_6334_for_the_default_rest_port_or_no_port() {
        assertThat(QdrantStore.grpcPort(URI.create("http://localhost:6333"), null)).isEqualTo(6334);
        assertThat(QdrantStore.grpcPort(URI.create("https://example.cloud.qdrant.io"), null)).isEqualTo(6334);
    }

    @Test
    void should_use_the_next_port_for_another_rest_port() {
        assertThat(QdrantStore.grpcPort(URI.create("http://127.0.0.1:16333"), null)).isEqualTo(16334);
    }

    @Test
    void should_prefer_the_given_grpc_port() {
        assertThat(QdrantStore.grpcPort(URI.create("http://127.0.0.1:16333"), 7000)).isEqualTo(7000);
    }

    @Test
    void should_refuse_a_url_without_http_scheme_or_host() {
        assertThatThrownBy(() -> QdrantStore.parseUrl("localhost:6333"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:6333");
        assertThatThrownBy(() -> QdrantStore.parseUrl("ftp://localhost:6333"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QdrantStore.parseUrl(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
