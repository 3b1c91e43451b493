package dev.reflect.importer.embedding.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The BERT tokenizer of a Hugging Face {@code tokenizer.json} (BertNormalizer, BertPreTokenizer, WordPiece,
 * [CLS] text [SEP]) in plain Java: the same ids as the Hugging Face tokenizers library on that file, without its
 * native library. The Rust library, its JNA binding and DJL's start-up probes held ~17 MB of the process
 * (README, Memory); this holds the vocabulary in ~0.8 MB of heap ({@link Vocabulary}).
 *
 * <p>What it does, in the library's order: the added tokens that are not normalised ({@code [CLS]}, {@code [SEP]},
 * {@code [MASK]}...) are found in the raw text first, leftmost and longest, and become their ids; the text between
 * them is cleaned (NUL, U+FFFD and control characters other than tab, newline and return dropped; white space
 * made a space), CJK ideographs are spaced apart, accents are stripped (NFD, then non-spacing marks dropped) and
 * letters lower-cased one by one; words split at white space and at every punctuation character (Unicode's P*
 * categories and ASCII's symbols); each word of more than {@code max_input_chars_per_word} characters is
 * {@code [UNK]}, others the longest vocabulary pieces from the left ({@code ##} before all but the first), or
 * {@code [UNK]} whole when a piece is missing. Thread-safe: it holds no state between calls.
 */
public final class WordPieceTokenizer {

    /**
     * Marks (Mn), punctuation (Po) and format characters (Cf) of Unicode 10-13 that the library's category tables
     * (Unicode 9) do not know, so it treats them as letters: pairs of first and last code point (two more changed
     * category since: see {@link #category(int)}). Found by comparing
     * every code point with the library on this JDK's Unicode (13); none occurs in BERT's vocabulary.
     */
    private static final int[] NEWER_THAN_LIBRARY = {
        0x7FD, 0x7FD, 0x8D3, 0x8E2, 0x9FD, 0x9FE, 0xA76, 0xA76, 0xAFA, 0xAFF, 0xB55, 0xB55, 0xC04, 0xC04,
        0xC77, 0xC77, 0xC84, 0xC84, 0xD00, 0xD00, 0xD3B, 0xD3C, 0xD81, 0xD81, 0xEBA, 0xEBA,
        0x1885, 0x1886, 0x1ABF, 0x1AC0, 0x1DF6, 0x1DF9, 0x1DFB, 0x1DFB, 0x2E43, 0x2E4F, 0x2E52, 0x2E52,
        0xA82C, 0xA82C, 0xA8C5, 0xA8C5, 0xA8FF, 0xA8FF, 0xA9BD, 0xA9BD, 0x10D24, 0x10D27, 0x10EAB, 0x10EAD,
        0x10F46, 0x10F50, 0x10F55, 0x10F59, 0x110CD, 0x110CD, 0x111CF, 0x111CF, 0x1123E, 0x1123E,
        0x1133B, 0x1133B, 0x11438, 0x1143F, 0x11442, 0x11444, 0x11446, 0x11446, 0x1144B, 0x1144F, 0x1145A, 0x1145B,
        0x1145D, 0x1145E, 0x11660, 0x1166C, 0x1182F, 0x11837, 0x11839, 0x1183B, 0x1193B, 0x1193C, 0x1193E, 0x1193E,
        0x11943, 0x11946, 0x119D4, 0x119D7, 0x119DA, 0x119DB, 0x119E0, 0x119E0, 0x119E2, 0x119E2, 0x11A01, 0x11A0A,
        0x11A33, 0x11A38, 0x11A3B, 0x11A47, 0x11A51, 0x11A56, 0x11A59, 0x11A5B, 0x11A8A, 0x11A96, 0x11A98, 0x11A9C,
        0x11A9E, 0x11AA2, 0x11C30, 0x11C36, 0x11C38, 0x11C3D, 0x11C3F, 0x11C3F, 0x11C41, 0x11C45, 0x11C70, 0x11C71,
        0x11C92, 0x11CA7, 0x11CAA, 0x11CB0, 0x11CB2, 0x11CB3, 0x11CB5, 0x11CB6, 0x11D31, 0x11D36, 0x11D3A, 0x11D3A,
        0x11D3C, 0x11D3D, 0x11D3F, 0x11D45, 0x11D47, 0x11D47, 0x11D90, 0x11D91, 0x11D95, 0x11D95, 0x11D97, 0x11D97,
        0x11EF3, 0x11EF4, 0x11EF7, 0x11EF8, 0x11FFF, 0x11FFF, 0x13430, 0x13438, 0x16E97, 0x16E9A, 0x16F4F, 0x16F4F,
        0x16FE2, 0x16FE2, 0x16FE4, 0x16FE4, 0x1E000, 0x1E006, 0x1E008, 0x1E018, 0x1E01B, 0x1E021, 0x1E023, 0x1E024,
        0x1E026, 0x1E02A, 0x1E130, 0x1E136, 0x1E2EC, 0x1E2EF, 0x1E944, 0x1E94A, 0x1E95E, 0x1E95F
    };

    private final Vocabulary vocab;
    private final String[] addedTokens;
    private final int[] addedIds;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final String prefix;
    private final int maxWordChars;
    private final boolean cleanText;
    private final boolean chineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    private WordPieceTokenizer(JsonNode json, Path file) {
        JsonNode model = json.path("model");
        require("WordPiece".equals(model.path("type").asText()), file, "model.type is not WordPiece");
        JsonNode normalizer = json.path("normalizer");
        require("BertNormalizer".equals(normalizer.path("type").asText()), file,
                "normalizer.type is not BertNormalizer");
        require("BertPreTokenizer".equals(json.path("pre_tokenizer").path("type").asText()), file,
                "pre_tokenizer.type is not BertPreTokenizer");
        Map<String, Integer> ids = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            ids.put(entry.getKey(), entry.getValue().asInt());
        }
        vocab = new Vocabulary(ids);
        List<JsonNode> added = new ArrayList<>();
        json.path("added_tokens").forEach(token -> {
            if (!token.path("normalized").asBoolean(false)) {
                added.add(token);
            }
        });
        addedTokens = added.stream().map(token -> token.path("content").asText()).toArray(String[]::new);
        addedIds = added.stream().mapToInt(token -> token.path("id").asInt()).toArray();
        prefix = model.path("continuing_subword_prefix").asText("##");
        maxWordChars = model.path("max_input_chars_per_word").asInt(100);
        unkId = idOf(model.path("unk_token").asText("[UNK]"), file);
        clsId = idOf("[CLS]", file);
        sepId = idOf("[SEP]", file);
        cleanText = normalizer.path("clean_text").asBoolean(true);
        chineseChars = normalizer.path("handle_chinese_chars").asBoolean(true);
        lowercase = normalizer.path("lowercase").asBoolean(true);
        JsonNode strip = normalizer.path("strip_accents");
        stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;
    }

    /** Reads a Hugging Face {@code tokenizer.json} of a BERT WordPiece model; any other kind is refused by name. */
    public static WordPieceTokenizer load(Path tokenizerJson) {
        try {
            return new WordPieceTokenizer(new ObjectMapper().readTree(tokenizerJson.toFile()), tokenizerJson);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read tokenizer " + tokenizerJson, e);
        }
    }

    /** The ids the model sees for {@code text}: [CLS], the text's tokens, [SEP]; nothing truncated. */
    public long[] encode(String text) {
        Ids out = new Ids(text.length() / 3 + 2);
        out.add(clsId);
        int from = 0;
        while (from < text.length()) {
            int[] match = nextAddedToken(text, from);
            int end = match == null ? text.length() : match[0];
            if (end > from) {
                words(normalize(text.substring(from, end)), out);
            }
            if (match == null) {
                break;
            }
            out.add(addedIds[match[1]]);
            from = end + addedTokens[match[1]].length();
        }
        out.add(sepId);
        return out.toArray();
    }

    /** The leftmost added token at or after {@code from}, the longest there: {start, index}, or null. */
    private int[] nextAddedToken(String text, int from) {
        int[] best = null;
        for (int i = 0; i < addedTokens.length; i++) {
            int at = text.indexOf(addedTokens[i], from);
            if (at >= 0 && (best == null || at < best[0]
                    || at == best[0] && addedTokens[i].length() > addedTokens[best[1]].length())) {
                best = new int[] {at, i};
            }
        }
        return best;
    }

    private String normalize(String text) {
        StringBuilder cleaned = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (cleanText) {
                if (c == 0 || c == 0xFFFD || isControl(c)) {
                    return;
                }
                if (isWhitespace(c)) {
                    c = ' ';
                }
            }
            if (chineseChars && isChinese(c)) {
                cleaned.append(' ').appendCodePoint(c).append(' ');
            } else {
                cleaned.appendCodePoint(c);
            }
        });
        String normalized = cleaned.toString();
        if (stripAccents) {
            StringBuilder stripped = new StringBuilder(normalized.length());
            Normalizer.normalize(normalized, Normalizer.Form.NFD).codePoints()
                    .filter(c -> category(c) != Character.NON_SPACING_MARK)
                    .forEach(stripped::appendCodePoint);
            normalized = stripped.toString();
        }
        if (lowercase) {
            // One character at a time, as the library does (no context rules such as a final sigma).
            StringBuilder lower = new StringBuilder(normalized.length());
            normalized.codePoints().forEach(c -> {
                if (c == 0x130) {
                    lower.append("i\u0307");
                } else {
                    lower.appendCodePoint(Character.toLowerCase(c));
                }
            });
            normalized = lower.toString();
        }
        return normalized;
    }

    /** Splits at white space (dropped) and punctuation (a word of its own), then WordPiece on each word. */
    private void words(String text, Ids out) {
        int start = -1;
        for (int i = 0; i < text.length();) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (isWhitespace(c) || isPunctuation(c)) {
                if (start >= 0) {
                    wordPiece(text.substring(start, i), out);
                    start = -1;
                }
                if (!isWhitespace(c)) {
                    wordPiece(text.substring(i, next), out);
                }
            } else if (start < 0) {
                start = i;
            }
            i = next;
        }
        if (start >= 0) {
            wordPiece(text.substring(start), out);
        }
    }

    private void wordPiece(String word, Ids out) {
        int[] chars = word.codePoints().toArray();
        if (chars.length > maxWordChars) {
            out.add(unkId);
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < chars.length) {
            int id = -1;
            int end = chars.length;
            for (; end > start; end--) {
                String piece = new String(chars, start, end - start);
                id = vocab.id(start > 0 ? prefix + piece : piece);
                if (id >= 0) {
                    break;
                }
            }
            if (id < 0) {
                out.truncate(mark);
                out.add(unkId);
                return;
            }
            out.add(id);
            start = end;
        }
    }

    /** Rust's {@code char::is_whitespace}: Unicode's White_Space property. */
    static boolean isWhitespace(int c) {
        return c == ' ' || c >= 0x09 && c <= 0x0D || c == 0x85 || c == 0xA0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /** Unicode's control, format, private-use and surrogate categories, but tab, newline and return (white space). */
    static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        int type = category(c);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }

    static boolean isPunctuation(int c) {
        if (c < 0x80) {
            return c > 0x20 && c < 0x7F && !Character.isLetterOrDigit(c);
        }
        int type = category(c);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    /** The character's general category as the library sees it: a letter where it does not know the character. */
    private static int category(int c) {
        if (c == 0x166D || c == 0x111C9) {
            return Character.OTHER_PUNCTUATION;  // punctuation in Unicode 9, a symbol and a mark since
        }
        // The pairs are in order: c is in a pair when it is one of its ends or would be inserted between them.
        int at = Arrays.binarySearch(NEWER_THAN_LIBRARY, c);
        return at >= 0 || (-at - 1) % 2 == 1 ? Character.OTHER_LETTER : Character.getType(c);
    }

    /** The CJK Unified Ideograph blocks BERT spaces apart. */
    static boolean isChinese(int c) {
        return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2A6DF
                || c >= 0x2A700 && c <= 0x2B73F || c >= 0x2B740 && c <= 0x2B81F || c >= 0x2B920 && c <= 0x2CEAF
                || c >= 0xF900 && c <= 0xFAFF || c >= 0x2F800 && c <= 0x2FA1F;
    }

    private int idOf(String token, Path file) {
        int id = vocab.id(token);
        require(id >= 0, file, "the vocabulary has no " + token);
        return id;
    }

    private static void require(boolean condition, Path file, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("Tokenizer " + file + " is not a BERT WordPiece tokenizer: " + problem);
        }
    }

    /** A growable list of ids without boxing. */
    private static final class Ids {
        private long[] values;
        private int size;

        Ids(int capacity) {
            values = new long[Math.max(capacity, 4)];
        }

        void add(long id) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = id;
        }

        int size() {
            return size;
        }

        void truncate(int newSize) {
            size = newSize;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
