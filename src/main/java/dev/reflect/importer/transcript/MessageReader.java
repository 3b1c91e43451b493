package dev.reflect.importer.transcript;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.reflect.importer.privacy.Redactor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a record's {@code message} object from the token stream: its role and its content as one text (text
 * items, thinking, tool calls and tool results, each cut to its limit in {@link MessageText}) with the tools it
 * called and the files they named. What the text does not need is skipped without being held.
 */
final class MessageReader {

    private static final List<String> FILE_PATH_FIELDS = List.of("file_path", "path", "notebook_path");

    private final JsonFactory factory;
    private final Redactor redactor;

    MessageReader(JsonFactory factory, Redactor redactor) {
        this.factory = factory;
        this.redactor = redactor;
    }

    /** What a record's {@code message} gave: its role, whether it has content, and the content's text and tools. */
    record Content(String role, boolean hasContent, String text, List<ToolUse> tools, int redactions) {
    }

    static Content skipped(JsonParser p) throws IOException {
        p.skipChildren();
        return new Content(null, false, "", List.of(), 0);
    }

    Content message(JsonParser p) throws IOException {
        String role = null;
        Content content = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("role".equals(name)) {
                role = JsonValues.textOrNull(p, value);
            } else if ("content".equals(name)) {
                content = content(p, value);
            } else {
                p.skipChildren();
            }
        }
        return content == null ? new Content(role, false, "", List.of(), 0)
                : new Content(role, true, content.text(), content.tools(), content.redactions());
    }

    private Content content(JsonParser p, JsonToken value) throws IOException {
        MessageText text = new MessageText(redactor);
        List<ToolUse> tools = new ArrayList<>();
        if (value == JsonToken.VALUE_STRING) {
            text.text(p.getText());
        } else if (value == JsonToken.START_ARRAY) {
            for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
                if (item == JsonToken.VALUE_STRING) {
                    text.text(p.getText());
                } else if (item == JsonToken.START_OBJECT) {
                    item(p, text, tools);
                } else {
                    p.skipChildren();
                }
            }
        } else {
            p.skipChildren();
        }
        return new Content(null, true, text.build(), tools, text.redactions());
    }

    /** One item of a content list (its START_OBJECT is the current token): its part of the text, its tool call. */
    private void item(JsonParser p, MessageText text, List<ToolUse> tools) throws IOException {
        String type = "";
        String body = "";
        String thinking = "";
        String name = "unknown";
        ToolInput input = null;
        String result = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "type" -> type = JsonValues.asText(p, value, "");
                case "text" -> body = JsonValues.asText(p, value, "");
                case "thinking" -> thinking = MessageText.prefix(JsonValues.asText(p, value, ""), MessageText.keep(MessageText.THINKING_LIMIT));
                case "name" -> name = JsonValues.asText(p, value, "unknown");
                case "input" -> input = toolInput(p, value);
                case "content" -> result = toolResult(p, value);
                default -> p.skipChildren();
            }
        }
        switch (type) {
            case "text" -> text.text(body);
            case "thinking" -> text.limited("[Thinking] ", thinking, MessageText.THINKING_LIMIT);
            case "tool_use" -> {
                text.always("[Tool: " + name + "] ", input == null ? "{}" : input.json(), MessageText.TOOL_INPUT_LIMIT);
                tools.add(new ToolUse(name, input == null ? null : input.filePath()));
            }
            case "tool_result" -> text.limited("[Result] ", result, MessageText.TOOL_RESULT_LIMIT);
            default -> {
                // images and other items give nothing
            }
        }
    }

    /** A tool call's input: the start of it as compact JSON, and the file it names at its top level. */
    private record ToolInput(String json, String filePath) {
    }

    private ToolInput toolInput(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return new ToolInput("{}", null);
        }
        LimitedWriter out = new LimitedWriter(MessageText.keep(MessageText.TOOL_INPUT_LIMIT));
        String[] paths = new String[FILE_PATH_FIELDS.size()];
        try (JsonGenerator g = factory.createGenerator(out)) {
            if (value == JsonToken.START_OBJECT) {
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    g.writeFieldName(field);
                    JsonToken fieldValue = p.nextToken();
                    int path = FILE_PATH_FIELDS.indexOf(field);
                    if (path >= 0) {
                        paths[path] = fieldValue == JsonToken.VALUE_STRING ? p.getText() : null;
                    }
                    g.copyCurrentStructure(p);
                }
                g.writeEndObject();
            } else {
                g.copyCurrentStructure(p);
            }
        }
        String filePath = null;
        for (String path : paths) {
            if (path != null && !path.isBlank()) {
                filePath = path;
                break;
            }
        }
        return new ToolInput(out.toString(), filePath);
    }

    /** A tool result's text: a string, or its list's text items joined by newlines (only the start is kept). */
    private static String toolResult(JsonParser p, JsonToken value) throws IOException {
        int keep = MessageText.keep(MessageText.TOOL_RESULT_LIMIT);
        if (value == JsonToken.VALUE_STRING) {
            return MessageText.prefix(p.getText(), keep);
        }
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return "";
        }
        StringBuilder texts = new StringBuilder();
        boolean first = true;
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
            if (item != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String type = "";
            String text = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken fieldValue = p.nextToken();
                if ("type".equals(field)) {
                    type = fieldValue == JsonToken.VALUE_STRING ? p.getText() : JsonValues.asText(p, fieldValue, "null");
                } else if ("text".equals(field)) {
                    text = JsonValues.asText(p, fieldValue, "");
                } else {
                    p.skipChildren();
                }
            }
            if ("text".equals(type)) {
                if (!first && texts.length() < keep) {
                    texts.append('\n');
                }
                first = false;
                if (texts.length() < keep) {
                    texts.append(text, 0, Math.min(text.length(), keep - texts.length()));
                }
            }
        }
        return texts.toString();
    }
}
