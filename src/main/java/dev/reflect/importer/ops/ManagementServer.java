package dev.reflect.importer.ops;

import dev.reflect.importer.app.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The Camel Main management server of {@code reflect watch} ({@code /observe/health}, {@code /observe/metrics},
 * {@code /observe/jolokia}): its host and port from the settings, and HTTP basic authentication when it listens
 * anywhere but the loopback interface.
 *
 * <p>Settings: {@code MANAGEMENT_HOST} ({@code camel.management.host}, default 127.0.0.1), {@code MANAGEMENT_PORT}
 * ({@code camel.management.port}, default 9876), and, required for any other host, {@code MANAGEMENT_USER} and
 * {@code MANAGEMENT_PASSWORD} (environment only). A one-shot {@code reflect import} runs no management server.
 */
public final class ManagementServer {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9876;

    private ManagementServer() {
    }

    /**
     * The {@code camel.management.*} properties for this run.
     *
     * @param overrides settings by property key that win over the environment (the command line, tests)
     * @param serve     false for a one-shot import: no server
     */
    public static Map<String, String> properties(Map<String, String> env, Map<String, String> overrides, boolean serve) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!serve) {
            // Nobody scrapes a one-shot import: no server, and no Camel route metrics either.
            p.put("camel.management.enabled", "false");
            p.put("camel.metrics.enabled", "false");
            return p;
        }
        Properties application = applicationProperties();
        String host = setting("MANAGEMENT_HOST", "camel.management.host", DEFAULT_HOST, env, overrides, application);
        String portText = setting("MANAGEMENT_PORT", "camel.management.port", Integer.toString(DEFAULT_PORT),
                env, overrides, application);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new SettingsException("MANAGEMENT_PORT=" + portText + " is not valid: it must be a port number from 0 "
                    + "to 65535 (default " + DEFAULT_PORT + ").");
        }
        p.put("camel.management.host", host);
        p.put("camel.management.port", Integer.toString(port));
        if (!isLoopback(host)) {
            String user = blankToNull(overrides.getOrDefault("management.user", env.get("MANAGEMENT_USER")));
            String password = blankToNull(env.get("MANAGEMENT_PASSWORD"));
            if (user == null || password == null) {
                throw new SettingsException("MANAGEMENT_HOST=" + host + " opens the management endpoints (Jolokia can "
                        + "change the importer) beyond this machine: set MANAGEMENT_USER and MANAGEMENT_PASSWORD too, "
                        + "or keep MANAGEMENT_HOST=" + DEFAULT_HOST + ".");
            }
            if (user.matches(".*[\\s=:,.].*") || password.matches("(?s).*[,=\\r\\n].*")) {
                throw new SettingsException("MANAGEMENT_USER may not contain spaces, '=', ':', '.' or ',', and "
                        + "MANAGEMENT_PASSWORD may not contain ',', '=' or line breaks.");
            }
            p.put("camel.management.authentication-enabled", "true");
            p.put("camel.management.basic-properties-file", usersFile(user, password).toString());
        }
        return p;
    }

    /** True for 127.0.0.0/8, ::1 and localhost. */
    static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Vert.x's properties format ({@code user.NAME=PASSWORD,ROLE}) in a file only this user can read. */
    private static Path usersFile(String user, String password) {
        try {
            Path file = Files.createTempFile("reflect-management-", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("user." + user + "=" + password + ",operator\nrole.operator=*\n");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the management server's users file", e);
        }
    }

    private static String setting(String variable, String key, String fallback, Map<String, String> env,
                                  Map<String, String> overrides, Properties application) {
        String value = blankToNull(overrides.get(key));
        if (value == null) {
            value = blankToNull(env.get(variable));
        }
        if (value == null) {
            value = blankToNull(application.getProperty(key));
        }
        return value == null ? fallback : value;
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try (InputStream in = ManagementServer.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read application.properties", e);
        }
        return properties;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
