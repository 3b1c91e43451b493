package dev.reflect.importer.ops;

import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.CamelContextStartedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says where the management server is: one INFO line when the context has started (watch mode, under
 * {@code reflect watch} and {@code camel run} alike), with the URLs of health, metrics and Jolokia and whether
 * login is on. Read from the {@code camel.management.*} properties the server itself is made from.
 */
public final class ManagementEndpoints extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementEndpoints.class);

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Optional<String> line = describe(((CamelContextStartedEvent) event).getContext().getPropertiesComponent()::resolveProperty);
        line.ifPresent(text -> LOG.info("{}", text));
    }

    /** The line, or empty when the management server is off. */
    static Optional<String> describe(Function<String, Optional<String>> property) {
        if (!enabled(property, "camel.management.enabled", false)) {
            return Optional.empty();
        }
        String host = property.apply("camel.management.host").orElse("0.0.0.0");
        String port = property.apply("camel.management.port").orElse("9876");
        String base = "http://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        String health = endpoint(property, base, "health-check-enabled", "health-path", "/observe/health");
        String metrics = endpoint(property, base, "metrics-enabled", "metrics-path", "/observe/metrics");
        String jolokia = endpoint(property, base, "jolokia-enabled", "jolokia-path", "/observe/jolokia");
        String login = enabled(property, "camel.management.authentication-enabled", false)
                ? "login on (MANAGEMENT_USER)" : "login off (loopback only)";
        return Optional.of("Management: health " + health + ", metrics " + metrics + ", Jolokia " + jolokia + "; " + login);
    }

    private static String endpoint(Function<String, Optional<String>> property, String base, String enabledKey,
                                   String pathKey, String defaultPath) {
        if (!enabled(property, "camel.management." + enabledKey, false)) {
            return "off";
        }
        return base + property.apply("camel.management." + pathKey).orElse(defaultPath);
    }

    private static boolean enabled(Function<String, Optional<String>> property, String key, boolean fallback) {
        return property.apply(key).map(String::trim).map(Boolean::parseBoolean).orElse(fallback);
    }
}
