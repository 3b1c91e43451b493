package dev.reflect.importer.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QdrantEndpointTest {

    @Test
    void should_use_6334_for_the_default_rest_port_or_no_port() {
        assertThat(QdrantEndpoint.grpcPort(URI.create("http://localhost:6333"), null)).isEqualTo(6334);
        assertThat(QdrantEndpoint.grpcPort(URI.create("https://example.cloud.qdrant.io"), null)).isEqualTo(6334);
    }

    @Test
    void should_use_the_next_port_for_another_rest_port() {
        assertThat(QdrantEndpoint.grpcPort(URI.create("http://127.0.0.1:16333"), null)).isEqualTo(16334);
    }

    @Test
    void should_prefer_the_given_grpc_port() {
        assertThat(QdrantEndpoint.grpcPort(URI.create("http://127.0.0.1:16333"), 7000)).isEqualTo(7000);
    }

    @Test
    void should_refuse_a_url_without_http_scheme_or_host() {
        assertThatThrownBy(() -> QdrantEndpoint.parseUrl("localhost:6333"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:6333");
        assertThatThrownBy(() -> QdrantEndpoint.parseUrl("ftp://localhost:6333"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QdrantEndpoint.parseUrl(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_use_tls_for_an_https_url_and_keep_the_certificate_to_trust() {
        QdrantEndpoint endpoint = QdrantEndpoint.of("https://qdrant.team.example:6333", null, null, Path.of("/etc/ca.pem"));

        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.grpcPort()).isEqualTo(6334);
        assertThat(endpoint.caCert()).isEqualTo(Path.of("/etc/ca.pem"));
        assertThat(QdrantEndpoint.of("http://localhost:6333", null, null, null).tls()).isFalse();
    }

    @Test
    void should_refuse_a_certificate_to_trust_for_a_connection_without_tls() {
        assertThatThrownBy(() -> QdrantEndpoint.of("http://localhost:6333", null, null, Path.of("/etc/ca.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without it");
    }

    @Test
    void should_never_show_the_api_key_in_its_text() {
        QdrantEndpoint endpoint = QdrantEndpoint.of("https://localhost:6333", null, "s3cr3t-key-value", null);

        assertThat(endpoint.toString()).doesNotContain("s3cr3t-key-value").contains("api key set");
    }
}
