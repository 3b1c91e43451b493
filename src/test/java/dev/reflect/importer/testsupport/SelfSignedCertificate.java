package dev.reflect.importer.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made at test time with {@code openssl req -x509}: the
 * certificate ({@code cert.pem}) and its unencrypted private key ({@code key.pem}), valid for two days.
 */
public record SelfSignedCertificate(Path cert, Path key) {

    /** Makes a new key pair and certificate in {@code dir}. */
    public static SelfSignedCertificate create(Path dir) {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        ProcessBuilder openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true);
        try {
            Files.createDirectories(dir);
            Process process = openssl.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !Files.isRegularFile(cert)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl could not make a self-signed certificate:\n" + output);
            }
            return new SelfSignedCertificate(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run openssl (needed to make a test certificate)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while making a test certificate", e);
        }
    }

    /** A TLS context that trusts this certificate only (for a test's own HTTP client). */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(cert)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("qdrant-test", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + cert, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust " + cert, e);
        }
    }
}
