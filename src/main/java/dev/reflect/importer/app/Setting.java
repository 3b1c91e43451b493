package dev.reflect.importer.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * One setting as {@link SettingsTable} declares it: its key in {@code application.properties}, the environment
 * variables that override it (claude-self-reflect's names; the first one set wins), its default as
 * {@code application.properties} writes it, the check a given value must pass, and its line in the README's
 * configuration table. {@link SettingValues} reads it. A secret has no key: it comes only from the environment and
 * is never printed.
 *
 * <p>Only the JDK is used here (and in the table): {@code reflect console} runs on its own jar with these classes.
 *
 * @param <T> the checked value's type
 */
public final class Setting<T> {

    /** Turns a given value (trimmed, not blank) into the setting's value, or refuses it naming {@code name}. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Setting<T> setting, String name, String text, SettingValues values);
    }

    private final List<String> variables;
    private final String key;
    private final String fallback;
    private final Reader<T> given;
    private final Reader<T> defaulted;
    private final String description;
    private final boolean secret;
    private final String shownDefault;
    private final String hint;

    private Setting(List<String> variables, String key, String fallback, Reader<T> given, Reader<T> defaulted,
                    String description, boolean secret, String shownDefault, String hint) {
        if (variables.isEmpty() && key == null) {
            throw new IllegalArgumentException("a setting needs a variable or a key");
        }
        this.variables = List.copyOf(variables);
        this.key = key;
        this.fallback = fallback;
        this.given = given;
        this.defaulted = defaulted;
        this.description = description;
        this.secret = secret;
        this.shownDefault = shownDefault;
        this.hint = hint;
    }

    private static <T> Setting<T> of(String variable, String key, String fallback, Reader<T> read, String description) {
        return new Setting<>(variable == null ? List.of() : List.of(variable), key, fallback, read, read, description,
                false, null, null);
    }

    // ---- kinds --------------------------------------------------------------------------------------------------

    /** Any text. */
    static Setting<String> text(String variable, String key, String fallback, String description) {
        return of(variable, key, fallback, (s, name, text, v) -> text, description);
    }

    /** One of {@code options}, case-insensitive; the value is lower case. */
    static Setting<String> choice(String variable, String key, String fallback, List<String> options, String description) {
        return of(variable, key, fallback, (s, name, text, v) -> {
            String value = text.toLowerCase(Locale.ROOT);
            if (options.contains(value)) {
                return value;
            }
            throw refused(name, text, String.join(" or ", options) + ".");
        }, description);
    }

    /** A whole number from {@code min} to {@code max}. */
    static Setting<Integer> integer(String variable, String key, String fallback, int min, int max, String description) {
        return integer(variable, key, fallback, min, values -> max, description);
    }

    /**
     * A whole number from {@code min} to a maximum that depends on other settings. The default is not checked
     * against it: such a bound limits what is given.
     */
    static Setting<Integer> integer(String variable, String key, String fallback, int min, ToIntFunction<SettingValues> max,
                                    String description) {
        return new Setting<>(variable == null ? List.of() : List.of(variable), key, fallback, (s, name, text, v) -> {
            int upper = max.applyAsInt(v);
            Integer value = wholeNumber(text);
            if (value != null && value >= min && value <= upper) {
                return value;
            }
            throw refused(name, text, "it must be a whole number from " + min + " to " + upper + s.defaultNote() + ".");
        }, (s, name, text, v) -> Integer.valueOf(text), description, false, null, null);
    }

    /** A TCP port, 0 to 65535. */
    static Setting<Integer> port(String variable, String key, String fallback, String description) {
        return of(variable, key, fallback, (s, name, text, v) -> {
            Integer value = wholeNumber(text);
            if (value != null && value >= 0 && value <= 65535) {
                return value;
            }
            throw refused(name, text, "it must be a port number from 0 to 65535" + s.defaultNote() + ".");
        }, description);
    }

    /** A number from {@code min} to {@code max}; {@code what} says what it counts ("a number of days"). */
    static Setting<Double> decimal(String variable, String key, String fallback, double min, double max, String what,
                                   String description) {
        return of(variable, key, fallback, (s, name, text, v) -> {
            try {
                double value = Double.parseDouble(text);
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // refused below with the allowed range
            }
            throw refused(name, text, "it must be " + what + " from " + min + " to " + max + " (default "
                    + Double.parseDouble(s.fallback) + ").");
        }, description);
    }

    /** true/false, 1/0, yes/no or on/off. */
    static Setting<Boolean> bool(String variable, String key, String fallback, String description) {
        return of(variable, key, fallback, (s, name, text, v) -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw refused(name, text, "it must be true or false.");
        }, description);
    }

    /** A file or folder; {@code ~/} is the home folder. The value is absolute. */
    static Setting<Path> path(String variable, String key, String fallback, String description) {
        return of(variable, key, fallback, Setting::toPath, description);
    }

    /** An http(s) URL with a host. */
    static Setting<String> url(String variable, String key, String fallback, String description) {
        return of(variable, key, fallback, (s, name, text, v) -> {
            try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return text;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
            throw refused(name, text, "it must be an http(s) URL such as " + s.fallback + ".");
        }, description);
    }

    /** A readable PEM file holding at least one X.509 certificate; what it is for goes in the {@link #hint}. */
    static Setting<Path> pemFile(String variable, String key, String description) {
        return of(variable, key, null, (s, name, text, v) -> {
            Path file = toPath(s, name, text, v);
            String problem;
            try (InputStream in = Files.newInputStream(file)) {
                problem = CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()
                        ? "it holds no certificate" : null;
            } catch (IOException e) {
                problem = "it cannot be read (" + e + ")";
            } catch (CertificateException e) {
                problem = "it is not a PEM certificate (" + e.getMessage() + ")";
            }
            if (problem != null) {
                throw s.refusedBecause(name, text, problem);
            }
            return file;
        }, description);
    }

    // ---- modifiers ----------------------------------------------------------------------------------------------

    /** Also read from {@code variable} when the variables before it are not set. */
    Setting<T> or(String variable) {
        List<String> all = new ArrayList<>(variables);
        all.add(variable);
        return new Setting<>(all, key, fallback, given, defaulted, description, secret, shownDefault, hint);
    }

    /** Only from the environment (no key), never printed. */
    Setting<T> secret() {
        return new Setting<>(variables, null, fallback, given, defaulted, description, true, shownDefault, hint);
    }

    /** The README's default cell when the default is not a value (e.g. "derived"). */
    Setting<T> shownDefault(String text) {
        return new Setting<>(variables, key, fallback, given, defaulted, description, secret, text, hint);
    }

    /** What to do about a refused value, after its reason: {@code e.g. alice, or unset for no prefix}. */
    Setting<T> hint(String text) {
        return new Setting<>(variables, key, fallback, given, defaulted, description, secret, shownDefault, text);
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    T read(String name, String text, SettingValues values) {
        return given.read(this, name, text, values);
    }

    /** The default's value; null when there is none. */
    T fallbackValue(SettingValues values) {
        return fallback == null ? null : defaulted.read(this, name(), fallback, values);
    }

    /** {@code NAME=value is not valid: reason; hint.} */
    SettingsException refusedBecause(String name, String text, String reason) {
        return refused(name, text, reason + (hint == null ? "" : "; " + hint) + ".");
    }

    private static SettingsException refused(String name, String text, String why) {
        return new SettingsException(name + "=" + text + " is not valid: " + why);
    }

    private String defaultNote() {
        return fallback == null || fallback.isEmpty() ? "" : " (default " + fallback + ")";
    }

    private static Integer wholeNumber(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Path toPath(Setting<Path> setting, String name, String text, SettingValues values) {
        String value = text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text;
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SettingsException(name + "=" + value + " is not a valid path: " + e.getMessage());
        }
    }

    // ---- what the table says ------------------------------------------------------------------------------------

    /** The name a refusal gives: the first variable, or the key of a setting with none. */
    public String name() {
        return variables.isEmpty() ? key : variables.get(0);
    }

    /** The environment variables, in the order they are read; empty for a setting only in application.properties. */
    public List<String> variables() {
        return variables;
    }

    /** The key in application.properties and of a command-line override; null for a secret. */
    public String key() {
        return key;
    }

    /** The default as application.properties writes it; empty or null: none. */
    public String fallback() {
        return fallback;
    }

    public boolean isSecret() {
        return secret;
    }

    public String description() {
        return description;
    }

    /** The README's default cell. */
    public String documentedDefault() {
        if (shownDefault != null) {
            return shownDefault;
        }
        return fallback == null || fallback.isEmpty() ? "none" : "`" + fallback + "`";
    }

    @Override
    public String toString() {
        return name();
    }
}
