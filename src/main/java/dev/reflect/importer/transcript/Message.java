package dev.reflect.importer.transcript;

import java.util.List;

/**
 * One user or assistant message of a conversation, with where it was found.
 *
 * @param role        {@code message.role}, else the record's {@code type}
 * @param text        the message's text, built by {@link MessageText}
 * @param timestamp   ISO-8601 instant of the record, or null
 * @param sessionId   the record's {@code sessionId}, or null
 * @param sidechain   the record's {@code isSidechain}
 * @param tools       tool calls in the message
 * @param line        1-based line number of the record
 * @param lineOffset  byte offset where that line starts
 * @param indexInLine index of this message among the messages of its line (a line may hold several)
 * @param redactions  how many secrets were taken out of its text
 */
public record Message(String role, String text, String timestamp, String sessionId, boolean sidechain,
                      List<ToolUse> tools, long line, long lineOffset, int indexInLine, int redactions) {

    public Message(String role, String text, String timestamp, String sessionId, boolean sidechain,
                   List<ToolUse> tools, long line, long lineOffset, int indexInLine) {
        this(role, text, timestamp, sessionId, sidechain, tools, line, lineOffset, indexInLine, 0);
    }
}
