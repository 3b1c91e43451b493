package dev.reflect.importer.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tool call's arguments, read leniently the way models send them (a number may come as {@code "5"}, a boolean
 * as {@code "true"}, tags as one comma-separated string); a value that means nothing fails with a message that
 * names the argument.
 */
final class Arguments {

    private final Map<String, Object> values;

    Arguments(Map<String, Object> values) {
        this.values = values == null ? Map.of() : values;
    }

    /** The text, or null when absent (the search says what is missing). */
    String text(String name) {
        Object value = values.get(name);
        return value == null ? null : value.toString();
    }

    int integer(String name, int fallback) {
        Object value = values.get(name);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ToolException(name + " must be a whole number, got " + describe(value) + ".");
    }

    Double decimal(String name) {
        Object value = values.get(name);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new ToolException(name + " must be a number, got " + describe(value) + ".");
        }
    }

    boolean bool(String name, boolean fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        switch (value.toString().strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes":
                return true;
            case "false", "0", "no", "":
                return false;
            default:
                throw new ToolException(name + " must be true or false, got " + describe(value) + ".");
        }
    }

    /** claude-self-reflect's {@code use_decay}: 1 on, 0 off, -1 (or absent) the server's default, i.e. null. */
    Boolean decay(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        switch (value.toString().strip().toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "true":
                return true;
            case "0", "0.0", "false":
                return false;
            case "-1", "-1.0", "":
                return null;
            default:
                throw new ToolException(name + " must be 1 (decay on), 0 (off) or -1 (the default), got "
                        + describe(value) + ".");
        }
    }

    String choice(String name, String fallback, List<String> allowed) {
        Object value = values.get(name);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        String chosen = value.toString().strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(chosen)) {
            throw new ToolException(name + " must be one of " + String.join(", ", allowed) + ", got "
                    + describe(value) + ".");
        }
        return chosen;
    }

    List<String> strings(String name) {
        Object value = values.get(name);
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.stream().filter(v -> v != null && !v.toString().isBlank()).forEach(v -> strings.add(v.toString().strip()));
        } else if (value != null) {
            for (String part : value.toString().split(",")) {
                if (!part.isBlank()) {
                    strings.add(part.strip());
                }
            }
        }
        return strings;
    }

    private static String describe(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
}
