package dev.reflect.importer.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tool's JSON Schema for its arguments (an object of named properties), built property by property. */
final class ToolSchema {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    static ToolSchema object() {
        return new ToolSchema();
    }

    ToolSchema requiredString(String name, String description) {
        required.add(name);
        return property(name, Map.of("type", "string", "minLength", 1, "description", description));
    }

    ToolSchema string(String name, String description) {
        return property(name, Map.of("type", "string", "description", description));
    }

    ToolSchema integer(String name, String description, int fallback, int min, int max) {
        return property(name, Map.of("type", "integer", "description", description, "default", fallback,
                "minimum", min, "maximum", max));
    }

    ToolSchema number(String name, String description) {
        return property(name, Map.of("type", "number", "description", description));
    }

    ToolSchema bool(String name, String description, boolean fallback) {
        return property(name, Map.of("type", "boolean", "description", description, "default", fallback));
    }

    ToolSchema choice(String name, String description, Object fallback, List<?> values, String type) {
        return property(name, Map.of("type", type, "description", description, "default", fallback, "enum", values));
    }

    ToolSchema strings(String name, String description) {
        return property(name, Map.of("type", "array", "items", Map.of("type", "string"), "description", description,
                "default", List.of()));
    }

    private ToolSchema property(String name, Map<String, Object> schema) {
        properties.put(name, new LinkedHashMap<>(schema));
        return this;
    }

    Map<String, Object> build() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        return schema;
    }
}
