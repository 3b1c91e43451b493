package dev.reflect.importer.transcript;

import dev.reflect.importer.privacy.Redactor;

/**
 * The searchable text of a message's {@code content}, built part by part as the parser streams the record: a
 * string as it is; a list item by item (text, the start of thinking, tool calls as compact JSON, tool results),
 * parts joined by a newline, the whole trimmed. Each part is redacted ({@link Redactor}) before it is cut to its
 * limit, so a secret across the cut is still seen whole; a message longer than {@value #MESSAGE_LIMIT}
 * characters is cut there and says so.
 */
final class MessageText {

    static final int THINKING_LIMIT = 1000;
    static final int TOOL_INPUT_LIMIT = 500;
    static final int TOOL_RESULT_LIMIT = 1000;
    /** Characters of one message's text kept (the longest message of the test corpus has about 53,000). */
    static final int MESSAGE_LIMIT = 64 * 1024;
    /** Characters kept past a part's limit, so a secret across the cut is redacted whole. */
    static final int LOOKAHEAD = 4096;
    /** No string of a record is held longer than this while parsing (see {@link StringCapReader}). */
    static final int STRING_LIMIT = MESSAGE_LIMIT + LOOKAHEAD;
    static final String CUT_MARK = "\n[cut: the message was longer than " + MESSAGE_LIMIT + " characters]";

    private final Redactor redactor;
    private final StringBuilder text = new StringBuilder();
    private boolean empty = true;
    private boolean overflow;
    private int redactions;

    MessageText(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Characters to keep of a part cut to {@code limit} code points, for it to be cut after redaction. */
    static int keep(int limit) {
        return 2 * limit + LOOKAHEAD;
    }

    /** A string or text item: added as it is (redacted). */
    void text(String part) {
        add(redact(part));
    }

    /** {@code prefix} + the first {@code limit} characters of {@code body} (redacted first); nothing when body is empty. */
    void limited(String prefix, String body, int limit) {
        if (body.isEmpty()) {
            return;
        }
        add(prefix + cut(redact(body), limit));
    }

    /** A part that is never empty, e.g. a tool call: {@code prefix} + the first {@code limit} characters of body. */
    void always(String prefix, String body, int limit) {
        add(prefix + cut(redact(body), limit));
    }

    private String redact(String part) {
        Redactor.Redacted r = redactor.redact(part);
        redactions += r.count();
        return r.text();
    }

    private void add(String part) {
        if (!empty) {
            append("\n");
        }
        empty = false;
        append(part);
    }

    private void append(String s) {
        int room = 2 * MESSAGE_LIMIT - text.length();
        if (s.length() <= room) {
            text.append(s);
        } else {
            text.append(s, 0, Math.max(0, room));
            overflow = true;
        }
    }

    /** The text, trimmed, cut to {@value #MESSAGE_LIMIT} characters when longer. */
    String build() {
        String whole = text.toString().trim();
        if (!overflow && whole.length() <= MESSAGE_LIMIT) {
            return whole;
        }
        return cut(whole, MESSAGE_LIMIT).trim() + CUT_MARK;
    }

    int redactions() {
        return redactions;
    }

    /**
     * The first {@code limit} code points, so no surrogate pair is cut in half; a redaction marker the cut
     * would split is kept whole.
     */
    static String cut(String s, int limit) {
        String cut = firstCodePoints(s, limit);
        if (cut.length() == s.length()) {
            return cut;
        }
        int marker = cut.lastIndexOf("[REDACTED:");
        if (marker >= 0 && cut.indexOf(']', marker) < 0) {
            int end = s.indexOf(']', marker);
            if (end > 0) {
                return s.substring(0, end + 1);
            }
        }
        return cut;
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

    /** At most {@code max} characters of s. */
    static String prefix(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
