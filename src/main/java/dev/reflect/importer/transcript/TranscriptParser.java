package dev.reflect.importer.transcript;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.privacy.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
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
 *
 * <p>The line is parsed as a stream of JSON tokens (Jackson's {@link JsonParser}), never as a tree: what the
 * message does not need (an image's base64, a tool's full output, other records' fields) is skipped without
 * being held, and no string is held longer than {@link MessageText#STRING_LIMIT} characters, so a line of any
 * length is parsed in bounded memory. A field given twice counts once, the last, as a tree would have it.
 */
public final class TranscriptParser {

    private static final Set<String> MESSAGE_TYPES = Set.of("user", "assistant");
    private static final List<String> FILE_PATH_FIELDS = List.of("file_path", "path", "notebook_path");

    private final JsonFactory factory;
    private final JsonFactory longLines;
    private final Redactor redactor;

    public TranscriptParser(ObjectMapper mapper) {
        this(mapper, Redactor.none());
    }

    public TranscriptParser(ObjectMapper mapper, Redactor redactor) {
        this.factory = mapper.getFactory();
        // A long line may hold any number of distinct field names: none is kept in a shared symbol table.
        this.longLines = mapper.getFactory().copy().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES);
        this.redactor = redactor;
    }

    public ParsedLine parse(Line line) {
        if (line.isBlank()) {
            return new ParsedLine(line, List.of(), 0);
        }
        try {
            return read(line);
        } catch (CharacterCodingException e) {
            throw new MalformedLineException(line, "not valid UTF-8", e);
        } catch (JsonProcessingException e) {
            throw notJson(line, e.getOriginalMessage(), e);
        } catch (StringCapReader.NotJsonException e) {
            throw notJson(line, e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + line.file() + " line " + line.number(), e);
        }
    }

    /** True when the bytes are complete JSON: used to decide whether an unterminated last line is finished. */
    public boolean isCompleteJson(Line line) {
        try (JsonParser parser = parser(line, false)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public boolean isCompleteJson(byte[] bytes) {
        return isCompleteJson(new Line(null, 0, 0, bytes.length, bytes));
    }

    /** Not JSON, unless it is not UTF-8 either: that is said first, as it is the first thing wrong with it. */
    private MalformedLineException notJson(Line line, String message, Exception e) {
        if (!validUtf8(line)) {
            return new MalformedLineException(line, "not valid UTF-8", e);
        }
        return new MalformedLineException(line, "not JSON: " + message, e);
    }

    private ParsedLine read(Line line) throws IOException {
        List<Message> messages = new ArrayList<>(1);
        int records = 0;
        try (JsonParser p = parser(line, true)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                records++;
                if (t == JsonToken.START_OBJECT) {
                    Message message = record(p, line, messages.size());
                    if (message != null) {
                        messages.add(message);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new ParsedLine(line, messages, records - messages.size());
    }

    private JsonParser parser(Line line, boolean capStrings) throws IOException {
        InputStream in = line.open();
        Reader reader = new InputStreamReader(in, strictUtf8());
        if (line.held() && line.length() <= MessageText.STRING_LIMIT) {
            // no string of a line this short can be longer than the limit: parsed as it is
            return factory.createParser(reader);
        }
        return longLines.createParser(capStrings ? new StringCapReader(reader, MessageText.STRING_LIMIT) : reader);
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static boolean validUtf8(Line line) {
        CharsetDecoder decoder = strictUtf8();
        CharBuffer chars = CharBuffer.allocate(8192);
        ByteBuffer bytes = ByteBuffer.allocate(8192);
        try (InputStream in = line.open()) {
            while (true) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                boolean end = n < 0;
                if (n > 0) {
                    bytes.position(bytes.position() + n);
                }
                bytes.flip();
                if (decoder.decode(bytes, chars, end).isError()) {
                    return false;
                }
                chars.clear();
                bytes.compact();
                if (end) {
                    return !decoder.flush(chars).isError();
                }
            }
        } catch (IOException e) {
            return true;
        }
    }

    /** The record whose START_OBJECT is the current token, as a message, or null when it is not one. */
    private Message record(JsonParser p, Line line, int indexInLine) throws IOException {
        String type = "";
        Content message = null;
        boolean excluded = false;
        boolean[] flags = new boolean[3];
        String timestamp = null;
        String sessionId = null;
        boolean sidechain = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> type = asText(p, value, "");
                case "message" -> message = value == JsonToken.START_OBJECT ? message(p) : skipped(p);
                case "isMeta" -> flags[0] = asBoolean(p, value);
                case "isApiErrorMessage" -> flags[1] = asBoolean(p, value);
                case "isCompactSummary" -> flags[2] = asBoolean(p, value);
                case "timestamp" -> timestamp = textOrNull(p, value);
                case "sessionId" -> sessionId = textOrNull(p, value);
                case "isSidechain" -> sidechain = asBoolean(p, value);
                default -> p.skipChildren();
            }
        }
        for (boolean flag : flags) {
            excluded |= flag;
        }
        if (!MESSAGE_TYPES.contains(type) || message == null || !message.hasContent() || excluded) {
            return null;
        }
        if (message.text().isBlank()) {
            return null;
        }
        return new Message(message.role() != null ? message.role() : type, message.text(), timestampOf(timestamp),
                sessionId, sidechain, message.tools(), line.number(), line.startOffset(), indexInLine, message.redactions());
    }

    /** What a record's {@code message} gave: its role, whether it has content, and the content's text and tools. */
    private record Content(String role, boolean hasContent, String text, List<ToolUse> tools, int redactions) {
    }

    private static Content skipped(JsonParser p) throws IOException {
        p.skipChildren();
        return new Content(null, false, "", List.of(), 0);
    }

    private Content message(JsonParser p) throws IOException {
        String role = null;
        Content content = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("role".equals(name)) {
                role = textOrNull(p, value);
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
                case "type" -> type = asText(p, value, "");
                case "text" -> body = asText(p, value, "");
                case "thinking" -> thinking = MessageText.prefix(asText(p, value, ""), MessageText.keep(MessageText.THINKING_LIMIT));
                case "name" -> name = asText(p, value, "unknown");
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
                    type = fieldValue == JsonToken.VALUE_STRING ? p.getText() : asText(p, fieldValue, "null");
                } else if ("text".equals(field)) {
                    text = asText(p, fieldValue, "");
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

    /**
     * What Jackson's {@code JsonNode.asText(fallback)} gives for the value at the current token: a string as it
     * is, a number or boolean as text, the fallback for null, "" for an object or array (skipped).
     */
    private static String asText(JsonParser p, JsonToken value, String fallback) throws IOException {
        switch (value) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return Integer.toString(p.getIntValue());
                    case LONG:
                        return Long.toString(p.getLongValue());
                    default:
                        return p.getBigIntegerValue().toString();
                }
            case VALUE_NUMBER_FLOAT:
                return Double.toString(p.getDoubleValue());
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case START_OBJECT:
            case START_ARRAY:
                p.skipChildren();
                return "";
            default:
                return fallback;
        }
    }

    /** What {@code JsonNode.asBoolean(false)} gives: true, "true", or a non-zero whole number. */
    private static boolean asBoolean(JsonParser p, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_TRUE:
                return true;
            case VALUE_STRING:
                return "true".equals(p.getText().trim());
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue().signum() != 0 : p.getLongValue() != 0;
            case START_OBJECT:
            case START_ARRAY:
                p.skipChildren();
                return false;
            default:
                return false;
        }
    }

    private static String textOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static String timestampOf(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Keeps the first {@code max} characters written to it and drops the rest. */
    private static final class LimitedWriter extends Writer {
        private final StringBuilder kept = new StringBuilder();
        private final int max;

        LimitedWriter(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] chars, int off, int len) {
            int room = max - kept.length();
            if (room > 0) {
                kept.append(chars, off, Math.min(len, room));
            }
        }

        @Override
        public void write(String s, int off, int len) {
            int room = max - kept.length();
            if (room > 0) {
                kept.append(s, off, off + Math.min(len, room));
            }
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing to release
        }

        @Override
        public String toString() {
            return kept.toString();
        }
    }
}
