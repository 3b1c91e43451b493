package dev.reflect.importer.qdrant;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.qdrant.client.QdrantGrpcClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Where and how the importer reaches Qdrant's gRPC API: host, port, TLS, the API key, and the certificate TLS
 * trusts (QDRANT_CA_CERT; null: the JVM's trusted certificates). {@link #toString()} never shows the key.
 *
 * @param caCert a PEM file of the CA (or the self-signed certificate) that signed the server's certificate
 */
public record QdrantEndpoint(String host, int grpcPort, boolean tls, String apiKey, Path caCert) {

    /** Default REST port; the gRPC port is the next one. */
    private static final int DEFAULT_HTTP_PORT = 6333;
    private static final int DEFAULT_GRPC_PORT = 6334;

    public QdrantEndpoint {
        Objects.requireNonNull(host, "host");
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        if (caCert != null && !tls) {
            throw new IllegalArgumentException("a CA certificate is for TLS, and " + host + ":" + grpcPort
                    + " is reached without it");
        }
    }

    /**
     * The endpoint of a Qdrant REST URL such as {@code http://localhost:6333}: TLS when the scheme is https, gRPC on
     * {@code grpcPortOrNull} when given, else 6334 when the URL has no port or port 6333, else the URL's port + 1.
     */
    public static QdrantEndpoint of(String url, Integer grpcPortOrNull, String apiKeyOrNull, Path caCertOrNull) {
        URI uri = parseUrl(url);
        return new QdrantEndpoint(uri.getHost(), grpcPort(uri, grpcPortOrNull), "https".equalsIgnoreCase(uri.getScheme()),
                apiKeyOrNull, caCertOrNull);
    }

    static URI parseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Qdrant URL is empty");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Qdrant URL is not a URL: " + url, e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("Qdrant URL must look like http(s)://host[:port], got: " + url);
        }
        return uri;
    }

    static int grpcPort(URI uri, Integer grpcPortOrNull) {
        if (grpcPortOrNull != null) {
            return grpcPortOrNull;
        }
        int httpPort = uri.getPort();
        return httpPort == -1 || httpPort == DEFAULT_HTTP_PORT ? DEFAULT_GRPC_PORT : httpPort + 1;
    }

    /**
     * A client builder for this endpoint, with the key when there is one. With a CA certificate the channel is
     * Netty's with a TLS context that trusts that certificate; the client shuts the channel down when closed.
     * checkCompatibility=false: the check is a blocking call without deadline made while building, so a server
     * that is down or slow would stall construction; calls report errors themselves.
     */
    QdrantGrpcClient.Builder clientBuilder() {
        QdrantGrpcClient.Builder builder = caCert == null
                ? QdrantGrpcClient.newBuilder(host, grpcPort, tls, false)
                : QdrantGrpcClient.newBuilder(trustingChannel(), true, false);
        return apiKey == null ? builder : builder.withApiKey(apiKey);
    }

    private ManagedChannel trustingChannel() {
        try {
            return NettyChannelBuilder.forAddress(host, grpcPort)
                    .sslContext(GrpcSslContexts.forClient().trustManager(caCert.toFile()).build())
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("Cannot use the certificate " + caCert + " (QDRANT_CA_CERT) for TLS to "
                    + host + ":" + grpcPort + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return (tls ? "grpcs://" : "grpc://") + host + ":" + grpcPort + " (api key " + (apiKey == null ? "not set" : "set")
                + (caCert == null ? "" : ", trusting " + caCert) + ")";
    }
}
