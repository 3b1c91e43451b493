package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.importer.testsupport.SelfSignedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTlsTest {

    @TempDir
    Path dir;

    @Test
    void should_trust_the_jvms_certificates_when_QDRANT_CA_CERT_is_unset() {
        Settings settings = Settings.from(new Properties(), Map.of("QDRANT_URL", "https://qdrant.example:6333"), Map.of());

        assertThat(settings.qdrantEndpoint().tls()).isTrue();
        assertThat(settings.qdrantEndpoint().caCert()).isNull();
    }

    @Test
    void should_trust_the_certificate_QDRANT_CA_CERT_names_for_an_https_url() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);

        Settings settings = Settings.from(new Properties(), Map.of("QDRANT_URL", "https://127.0.0.1:6333",
                "QDRANT_CA_CERT", certificate.cert().toString()), Map.of());

        assertThat(settings.qdrantEndpoint().caCert()).isEqualTo(certificate.cert());
        assertThat(settings.asProperties()).containsEntry("qdrant.ca-cert", certificate.cert().toString());
    }

    @Test
    void should_stop_naming_QDRANT_CA_CERT_when_the_file_is_missing() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("QDRANT_URL", "https://127.0.0.1:6333",
                "QDRANT_CA_CERT", missing.toString()), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("QDRANT_CA_CERT=" + missing + " is not valid: it cannot be read");
    }

    @Test
    void should_stop_naming_QDRANT_CA_CERT_when_the_file_holds_no_certificate() throws IOException {
        Path notACertificate = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("QDRANT_URL", "https://127.0.0.1:6333",
                "QDRANT_CA_CERT", notACertificate.toString()), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("QDRANT_CA_CERT=" + notACertificate + " is not valid")
                .hasMessageContaining("certificate");
    }

    @Test
    void should_refuse_a_certificate_to_trust_with_an_http_url() {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);

        assertThatThrownBy(() -> Settings.from(new Properties(), Map.of("QDRANT_URL", "http://127.0.0.1:6333",
                "QDRANT_CA_CERT", certificate.cert().toString()), Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("QDRANT_CA_CERT=")
                .hasMessageContaining("use an https:// URL");
    }
}
