package dev.reflect.importer.chunking;

import dev.reflect.importer.transcript.Message;
import dev.reflect.importer.transcript.ToolUse;
import java.util.List;

/** Small builders of messages for the chunking tests: line {@code n} starts at byte {@code n * 100}. */
final class Messages {

    private Messages() {
    }

    static Message message(String role, String text, long line) {
        return message(role, text, line, 0);
    }

    static Message message(String role, String text, long line, int indexInLine) {
        return new Message(role, text, null, null, false, List.of(), line, line * 100, indexInLine);
    }

    static Message withTools(String role, String text, long line, ToolUse... tools) {
        return new Message(role, text, null, null, false, List.of(tools), line, line * 100, 0);
    }

    static Message at(String timestamp, String sessionId, boolean sidechain, long line) {
        return new Message("user", "m" + line, timestamp, sessionId, sidechain, List.of(), line, line * 100, 0);
    }
}
