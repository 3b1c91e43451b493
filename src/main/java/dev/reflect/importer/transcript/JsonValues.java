package dev.reflect.importer.transcript;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The value at a parser's current token read as Jackson's tree would read it ({@code JsonNode.asText},
 * {@code asBoolean}), so a streamed record gives what its tree would; objects and arrays are skipped.
 */
final class JsonValues {

    private JsonValues() {
    }

    /**
     * What Jackson's {@code JsonNode.asText(fallback)} gives for the value at the current token: a string as it
     * is, a number or boolean as text, the fallback for null, "" for an object or array (skipped).
     */
    static String asText(JsonParser p, JsonToken value, String fallback) throws IOException {
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
    static boolean asBoolean(JsonParser p, JsonToken value) throws IOException {
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

    static String textOrNull(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
