package dev.reflect.importer.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The values of {@link SettingsTable}'s settings for one run, each read once, by the one precedence rule:
 * <ol>
 *   <li>the override under the setting's key (command-line options, a test's settings),</li>
 *   <li>the setting's environment variables, in the table's order,</li>
 *   <li>its key in {@code application.properties},</li>
 *   <li>the table's default.</li>
 * </ol>
 * The first that is set and not blank wins, trimmed. A secret has no key: only its variables are read.
 *
 * <p>Not for concurrent use while values are being read; a reader that has read everything it needs may be shared.
 */
public final class SettingValues {

    private record Resolved(Object value, String name) {
    }

    private final Properties properties;
    private final Map<String, String> environment;
    private final Map<String, String> overrides;
    private final Map<Setting<?>, Resolved> read = new HashMap<>();

    private SettingValues(Properties properties, Map<String, String> environment, Map<String, String> overrides) {
        this.properties = properties;
        this.environment = environment;
        this.overrides = overrides;
    }

    /** Values from these properties (application.properties as loaded), environment and overrides by key. */
    public static SettingValues of(Properties properties, Map<String, String> environment, Map<String, String> overrides) {
        return new SettingValues(properties, environment, overrides);
    }

    /** Values from the {@code application.properties} on the class path, this environment and these overrides. */
    public static SettingValues fromClasspath(Map<String, String> environment, Map<String, String> overrides) {
        return of(applicationProperties(), environment, overrides);
    }

    /** The {@code application.properties} on the class path (none: empty). */
    public static Properties applicationProperties() {
        Properties properties = new Properties();
        try (InputStream in = SettingValues.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read application.properties from the class path", e);
        }
        return properties;
    }

    /** The setting's checked value (null when it is unset and has no default). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) resolve(setting).value();
    }

    /**
     * The setting's value made into a domain value by {@code convert}, whose {@link IllegalArgumentException}
     * is a refusal naming the variable the value came from, with its reason and the setting's hint.
     */
    public <R> R get(Setting<String> setting, Function<String, R> convert) {
        Resolved resolved = resolve(setting);
        String value = (String) resolved.value();
        try {
            return convert.apply(value);
        } catch (IllegalArgumentException e) {
            throw setting.refusedBecause(resolved.name(), value, e.getMessage());
        }
    }

    /** The name of what set the value: the variable it came from, else the setting's first variable. */
    public String source(Setting<?> setting) {
        return resolve(setting).name();
    }

    /** The checked values under their keys ({@code ""} for none), for Camel's {@code {{placeholders}}}; no secret. */
    public Map<String, String> asProperties(List<Setting<?>> settings) {
        Map<String, String> p = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            if (!setting.isSecret() && setting.key() != null) {
                Object value = get(setting);
                p.put(setting.key(), value == null ? "" : value.toString());
            }
        }
        return p;
    }

    private Resolved resolve(Setting<?> setting) {
        Resolved resolved = read.get(setting);
        if (resolved == null) {
            resolved = readOnce(setting);
            read.put(setting, resolved);
        }
        return resolved;
    }

    private <T> Resolved readOnce(Setting<T> setting) {
        String key = setting.key();
        String text = key == null ? null : nonBlank(overrides.get(key));
        String name = setting.name();
        for (int i = 0; text == null && i < setting.variables().size(); i++) {
            text = nonBlank(environment.get(setting.variables().get(i)));
            if (text != null) {
                name = setting.variables().get(i);
            }
        }
        if (text == null && key != null) {
            text = nonBlank(properties.getProperty(key));
        }
        return text == null ? new Resolved(setting.fallbackValue(this), name)
                : new Resolved(setting.read(name, text, this), name);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
