package dev.reflect.importer.transcript;

import com.fasterxml.jackson.core.JsonFactory;
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
 *
 * <p>This class walks the records of a line and keeps the ones that are messages; {@link MessageReader} reads a
 * record's {@code message} (its text and tools), {@link JsonValues} reads a value as the tree would.
 */
public final class TranscriptParser {

    private static final Set<String> MESSAGE_TYPES = Set.of("user", "assistant");

    private final JsonFactory factory;
    private final JsonFactory longLines;
    private final MessageReader messages;

    public TranscriptParser(ObjectMapper mapper) {
        this(mapper, Redactor.none());
    }

    public TranscriptParser(ObjectMapper mapper, Redactor redactor) {
        this.factory = mapper.getFactory();
        // A long line may hold any number of distinct field names: none is kept in a shared symbol table.
        this.longLines = mapper.getFactory().copy().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES);
        this.messages = new MessageReader(factory, redactor);
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
        MessageReader.Content message = null;
        boolean excluded = false;
        boolean[] flags = new boolean[3];
        String timestamp = null;
        String sessionId = null;
        boolean sidechain = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> type = JsonValues.asText(p, value, "");
                case "message" -> message = value == JsonToken.START_OBJECT ? messages.message(p)
                        : MessageReader.skipped(p);
                case "isMeta" -> flags[0] = JsonValues.asBoolean(p, value);
                case "isApiErrorMessage" -> flags[1] = JsonValues.asBoolean(p, value);
                case "isCompactSummary" -> flags[2] = JsonValues.asBoolean(p, value);
                case "timestamp" -> timestamp = JsonValues.textOrNull(p, value);
                case "sessionId" -> sessionId = JsonValues.textOrNull(p, value);
                case "isSidechain" -> sidechain = JsonValues.asBoolean(p, value);
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
}
