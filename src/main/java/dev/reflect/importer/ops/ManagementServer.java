package dev.reflect.importer.ops;

import static dev.reflect.importer.app.SettingsTable.MANAGEMENT_HOST;
import static dev.reflect.importer.app.SettingsTable.MANAGEMENT_PASSWORD;
import static dev.reflect.importer.app.SettingsTable.MANAGEMENT_PORT;
import static dev.reflect.importer.app.SettingsTable.MANAGEMENT_USER;

import dev.reflect.importer.app.SettingValues;
import dev.reflect.importer.app.SettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Camel Main management server of {@code reflect watch} ({@code /observe/health}, {@code /observe/metrics},
 * {@code /observe/jolokia}): its host and port from the settings, and HTTP basic authentication when it listens
 * anywhere but the loopback interface.
 *
 * <p>Settings ({@link dev.reflect.importer.app.SettingsTable}): {@code MANAGEMENT_HOST}, {@code MANAGEMENT_PORT}, and,
 * required for any other host, {@code MANAGEMENT_USER} and {@code MANAGEMENT_PASSWORD} (environment only). A one-shot
 * {@code reflect import} runs no management server.
 */
public final class ManagementServer {

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
        SettingValues settings = SettingValues.fromClasspath(env, overrides);
        String host = settings.get(MANAGEMENT_HOST);
        int port = settings.get(MANAGEMENT_PORT);
        p.put("camel.management.host", host);
        p.put("camel.management.port", Integer.toString(port));
        if (!Hosts.isLoopback(host)) {
            String user = settings.get(MANAGEMENT_USER);
            String password = settings.get(MANAGEMENT_PASSWORD);
            if (user == null || password == null) {
                throw new SettingsException("MANAGEMENT_HOST=" + host + " opens the management endpoints (Jolokia can "
                        + "change the importer) beyond this machine: set MANAGEMENT_USER and MANAGEMENT_PASSWORD too, "
                        + "or keep MANAGEMENT_HOST=" + MANAGEMENT_HOST.fallback() + ".");
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
}
