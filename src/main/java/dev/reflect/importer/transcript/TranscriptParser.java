package dev.reflect.importer.transcript;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns one line of a Claude Code log into its messages.
 *
 * <p>A line holds zero or more JSON values back to back; a line that is not valid UTF-8 or not
 * JSON is malformed. A record is a message when it is an object of type user or assistant with an
 * object {@code message} holding {@code content}, is not marked isMeta, isApiErrorMessage or
 * isCompactSummary, and has non-blank text. Everything else is skipped quietly.
 */
public final class TranscriptParser {

    private static final Set<String> MESSAGE_TYPES = Set.of("user", "assistant");
    private static final Set<String> EXCLUDING_FLAGS = Set.of("isMeta", "isApiErrorMessage", "isCompactSummary");
    private static final List<String> FILE_PATH_FIELDS = List.of("file_path", "path", "notebook_path");

    private final ObjectReader reader;

    public TranscriptParser(ObjectMapper mapper) {
        this.reader = mapper.readerFor(JsonNode.class);
    }

    public ParsedLine parse(Line line) {
        if (line.isBlank()) {
            return new ParsedLine(line, List.of(), 0);
        }
        List<JsonNode> records = readRecords(line);
        List<Message> messages = new ArrayList<>(1);
        for (JsonNode record : records) {
            Message message = toMessage(record, line, messages.size());
            if (message != null) {
                messages.add(message);
            }
        }
        return new ParsedLine(line, messages, records.size() - messages.size());
    }

    /** True when the bytes are complete JSON: used to decide whether an unterminated last line is finished. */
    public boolean isCompleteJson(byte[] bytes) {
        try {
            readValues(decode(bytes));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private List<JsonNode> readRecords(Line line) {
        String text;
        try {
            text = decode(line.bytes());
        } catch (CharacterCodingException e) {
            throw new MalformedLineException(line, "not valid UTF-8", e);
        }
        try {
            return readValues(text);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException(line, "not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + line.file() + " line " + line.number(), e);
        }
    }

    private List<JsonNode> readValues(String text) throws IOException {
        List<JsonNode> values = new ArrayList<>(1);
        try (JsonParser parser = reader.getFactory().createParser(text);
             MappingIterator<JsonNode> it = reader.readValues(parser)) {
            while (it.hasNextValue()) {
                values.add(it.nextValue());
            }
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException jpe) {
                throw jpe;
            }
            throw e;
        }
        return values;
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static Message toMessage(JsonNode record, Line line, int indexInLine) {
        if (!record.isObject()) {
            return null;
        }
        String type = record.path("type").asText("");
        JsonNode message = record.get("message");
        if (!MESSAGE_TYPES.contains(type) || message == null || !message.isObject() || !message.has("content")) {
            return null;
        }
        for (String flag : EXCLUDING_FLAGS) {
            if (record.path(flag).asBoolean(false)) {
                return null;
            }
        }
        String text = MessageText.of(message.get("content"));
        if (text.isBlank()) {
            return null;
        }
        JsonNode role = message.get("role");
        return new Message(
                role != null && role.isTextual() ? role.asText() : type,
                text,
                timestampOf(record.get("timestamp")),
                textOrNull(record.get("sessionId")),
                record.path("isSidechain").asBoolean(false),
                toolUsesOf(message.get("content")),
                line.number(),
                line.startOffset(),
                indexInLine);
    }

    private static List<ToolUse> toolUsesOf(JsonNode content) {
        if (content == null || !content.isArray()) {
            return List.of();
        }
        List<ToolUse> tools = new ArrayList<>();
        for (JsonNode item : content) {
            if (item.isObject() && "tool_use".equals(item.path("type").asText())) {
                tools.add(new ToolUse(item.path("name").asText("unknown"), filePathOf(item.path("input"))));
            }
        }
        return tools;
    }

    private static String filePathOf(JsonNode input) {
        for (String field : FILE_PATH_FIELDS) {
            JsonNode value = input.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static String timestampOf(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
