package dev.reflect.importer.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The searchable text of a message's {@code content}: a string as it is; a list item by item
 * (text, the start of thinking, tool calls as compact JSON, tool results), parts joined by a newline.
 */
public final class MessageText {

    static final int THINKING_LIMIT = 1000;
    static final int TOOL_INPUT_LIMIT = 500;
    static final int TOOL_RESULT_LIMIT = 1000;

    private MessageText() {
    }

    public static String of(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText().trim();
        }
        if (!content.isArray()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode item : content) {
            String part = partOf(item);
            if (part != null) {
                parts.add(part);
            }
        }
        return String.join("\n", parts).trim();
    }

    private static String partOf(JsonNode item) {
        if (item.isTextual()) {
            return item.asText();
        }
        if (!item.isObject()) {
            return null;
        }
        switch (item.path("type").asText("")) {
            case "text":
                return item.path("text").asText("");
            case "thinking": {
                String thinking = item.path("thinking").asText("");
                return thinking.isEmpty() ? null : "[Thinking] " + firstCodePoints(thinking, THINKING_LIMIT);
            }
            case "tool_use": {
                JsonNode input = item.get("input");
                String json = input == null || input.isNull() ? "{}" : input.toString();
                return "[Tool: " + item.path("name").asText("unknown") + "] " + firstCodePoints(json, TOOL_INPUT_LIMIT);
            }
            case "tool_result": {
                String result = toolResult(item.get("content"));
                return result.isEmpty() ? null : "[Result] " + firstCodePoints(result, TOOL_RESULT_LIMIT);
            }
            default:
                return null;
        }
    }

    private static String toolResult(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            return "";
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : content) {
            if (item.isObject() && "text".equals(item.path("type").asText())) {
                texts.add(item.path("text").asText(""));
            }
        }
        return String.join("\n", texts);
    }

    /** The first {@code limit} characters counted as code points, so no surrogate pair is cut in half. */
    static String firstCodePoints(String s, int limit) {
        if (s.length() <= limit) {
            return s;
        }
        int codePoints = s.codePointCount(0, s.length());
        if (codePoints <= limit) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, limit));
    }
}
