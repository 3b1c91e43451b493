package dev.reflect.importer.transcript;

import java.io.IOException;
import java.io.Reader;

/**
 * JSON text with every string cut to at most {@code limit} characters, as a stream: the parser then never
 * holds more than that of any one string, however long it is in the file (a pasted 40 MB log). Characters
 * outside strings pass as they are; an escape sequence counts as one character and is never cut in half.
 *
 * <p>What it drops it still checks as the JSON parser would (no raw control characters, only valid escapes),
 * so a line is valid JSON after the cut exactly when it was before. A string of {@code limit} characters or
 * fewer passes unchanged.
 */
final class StringCapReader extends Reader {

    private static final int OUTSIDE = 0;
    private static final int IN_STRING = 1;
    private static final int ESCAPE = 2;
    private static final int UNICODE = 3;

    private final Reader in;
    private final int limit;
    private final char[] buffer = new char[8192];
    private int bufferPos;
    private int bufferLen;
    private int state = OUTSIDE;
    private int hexLeft;
    private boolean dropping;
    private int charsInString;
    private long cutStrings;

    StringCapReader(Reader in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** How many strings were cut so far. */
    long cutStrings() {
        return cutStrings;
    }

    @Override
    public int read(char[] out, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int written = 0;
        while (written == 0) {
            if (bufferPos == bufferLen) {
                bufferLen = in.read(buffer, 0, buffer.length);
                bufferPos = 0;
                if (bufferLen <= 0) {
                    bufferLen = 0;
                    return -1;
                }
            }
            while (bufferPos < bufferLen && written < len) {
                char c = buffer[bufferPos++];
                if (keep(c)) {
                    out[off + written++] = c;
                }
            }
        }
        return written;
    }

    /** Advances the state over one character; true when it is passed on. */
    private boolean keep(char c) throws IOException {
        switch (state) {
            case OUTSIDE:
                if (c == '"') {
                    state = IN_STRING;
                    charsInString = 0;
                    dropping = false;
                }
                return true;
            case IN_STRING:
                if (c == '"') {
                    state = OUTSIDE;
                    return true;
                }
                if (c == '\\') {
                    state = ESCAPE;
                } else if (c < 0x20 && dropping) {
                    throw new NotJsonException("Illegal unquoted character (code " + (int) c
                            + "): has to be escaped using backslash to be included in string value");
                }
                return count();
            case ESCAPE:
                if (c == 'u') {
                    state = UNICODE;
                    hexLeft = 4;
                } else if ("\"\\/bfnrt".indexOf(c) >= 0) {
                    state = IN_STRING;
                } else if (dropping) {
                    throw new NotJsonException("Unrecognized character escape '" + c + "' (code " + (int) c + ")");
                } else {
                    state = IN_STRING;
                }
                return !dropping;
            case UNICODE:
                if (Character.digit(c, 16) < 0 && dropping) {
                    throw new NotJsonException("Unexpected character '" + c + "' in a \\u escape: expected a hex digit");
                }
                if (--hexLeft == 0) {
                    state = IN_STRING;
                }
                return !dropping;
            default:
                throw new IllegalStateException("state " + state);
        }
    }

    /** A character (or the backslash of an escape) of a string: kept while the string is within the limit. */
    private boolean count() {
        if (dropping) {
            return false;
        }
        if (charsInString == limit) {
            dropping = true;
            cutStrings++;
            return false;
        }
        charsInString++;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** What the JSON parser would have said of a part of a string that was cut away. */
    static final class NotJsonException extends IOException {
        NotJsonException(String message) {
            super(message);
        }
    }
}
