package dev.reflect.importer.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/** Looks a setting up (variable first, then property key) and names the variable when the value is bad. */
final class SettingReader {
    private final Function<String, String> lookup;

    SettingReader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    String raw(String variable, String key) {
        String override = lookup.apply(key + "#override");
        String value = override != null ? override : lookup.apply("env:" + variable);
        if (value == null) {
            value = lookup.apply(key);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    String text(String variable, String key, String fallback) {
        String value = raw(variable, key);
        return value == null ? fallback : value;
    }

    Path path(String variable, String key, String fallback) {
        String value = text(variable, key, fallback);
        if (value.startsWith("~/")) {
            value = System.getProperty("user.home") + value.substring(1);
        }
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new SettingsException(variable + "=" + value + " is not a valid path: " + e.getMessage());
        }
    }

    int integer(String variable, String key, int fallback, int min, int max) {
        String value = raw(variable, key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new SettingsException(variable + "=" + value + " is not valid: it must be a whole number from "
                + min + " to " + max + " (default " + fallback + ").");
    }

    double decimal(String variable, String key, double fallback, double min, double max, String what) {
        String value = raw(variable, key);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new SettingsException(variable + "=" + value + " is not valid: it must be " + what + " from "
                + min + " to " + max + " (default " + fallback + ").");
    }

    boolean bool(String variable, String key, boolean fallback) {
        String value = raw(variable, key);
        if (value == null) {
            return fallback;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new SettingsException(variable + "=" + value + " is not valid: it must be true or false.");
        }
    }

    java.util.Set<String> projects(String variable, String key) {
        String value = raw(variable, key);
        try {
            return dev.reflect.importer.privacy.ExcludedProjects.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(variable + "=" + value + " is not valid: " + e.getMessage() + "; give "
                    + "project names (e.g. claude-self-reflect) or folder names under the logs folder (e.g. "
                    + "-Users-kyle-Code-claude-self-reflect), separated by commas.");
        }
    }

    String url(String variable, String key, String fallback) {
        String value = text(variable, key, fallback);
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new SettingsException(variable + "=" + value + " is not valid: it must be an http(s) URL such as "
                + fallback + ".");
    }

    /**
     * A PEM certificate file (null when the setting is unset): it must exist, be readable and hold at least one
     * X.509 certificate, else start-up stops naming the variable.
     */
    Path certificate(String variable, String key) {
        String value = raw(variable, key);
        if (value == null) {
            return null;
        }
        Path file = path(variable, key, value);
        String problem;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            problem = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()
                    ? "it holds no certificate" : null;
        } catch (java.io.IOException e) {
            problem = "it cannot be read (" + e + ")";
        } catch (java.security.cert.CertificateException e) {
            problem = "it is not a PEM certificate (" + e.getMessage() + ")";
        }
        if (problem != null) {
            throw new SettingsException(variable + "=" + value + " is not valid: " + problem + "; give the PEM file of "
                    + "the CA (or the self-signed certificate) that signed the Qdrant server's certificate.");
        }
        return file;
    }
}
