package dev.reflect.importer.privacy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of a message's text before anything is derived from it (payload text, concepts, the
 * embedding's input, the server's BM25 terms): {@code <private>...</private>} spans are dropped, and the common
 * secret formats are replaced by a marker that says the kind, e.g. {@code [REDACTED:aws-access-key]}.
 *
 * <p>Formats: Anthropic ({@code sk-ant-}), OpenAI-style ({@code sk-}) and Voyage AI ({@code pa-}) API keys, AWS
 * access key ids ({@code AKIA}, {@code ASIA}), GitHub tokens ({@code ghp_ gho_ ghu_ ghs_ ghr_ github_pat_}), Slack
 * tokens ({@code xox[baprs]-}), JWTs, PEM private key blocks (also cut ones, as a tool output limit leaves them),
 * bearer tokens, passwords in URLs, and assignments to a password, secret, token or key
 * ({@code password=...}, {@code "api_key": "..."}, {@code DB_PASSWORD: ...}). Prose stays: an assignment's value
 * must look like a value (quoted, directly after {@code =}, or holding a digit or symbol), and placeholders such
 * as {@code $TOKEN}, {@code <password>} or {@code ${SECRET}} are kept.
 *
 * <p>Plain Java, thread-safe, no state: it returns the redacted text and how many secrets it took out. It
 * never logs.
 */
public final class Redactor {

    /** Text and the number of secrets taken out of it. */
    public record Redacted(String text, int count) {
    }

    private static final Redactor NONE = new Redactor(false);

    private static final Pattern PRIVATE = Pattern.compile("(?is)<private>.*?(?:</private>|\\z)");

    private static final String BEGIN = "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----";
    private static final String END = "-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----";
    /** A whole block, or a block cut short: its header lines and base64 lines (newlines real or JSON-escaped). */
    private static final Pattern PEM = Pattern.compile(BEGIN + "(?:(?:(?!-----END)[\\s\\S]){0,20000}?" + END
            + "|(?:(?:\\s|\\\\[rn])+(?:[A-Za-z-]+: [^\\n\\\\]*|[A-Za-z0-9+/=]{8,}))*(?:(?:\\s|\\\\[rn])*[A-Za-z0-9+/=]{1,7}\\z)?)");

    private static final List<Format> FORMATS = List.of(
            new Format("private-key", PEM, 0, "-----begin"),
            new Format("jwt", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"), 0, "eyj"),
            new Format("anthropic-api-key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"), 0, "sk-ant-"),
            new Format("openai-api-key", key("sk-(?:proj-|svcacct-|admin-)?"), 0, "sk-"),
            new Format("voyage-api-key", key("pa-"), 0, "pa-"),
            new Format("aws-access-key", Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"), 0, "akia", "asia"),
            new Format("github-token", Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"), 0,
                    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
            new Format("slack-token", Pattern.compile("\\bxox[baprs]-[A-Za-z0-9-]{10,}"), 0, "xox"),
            new Format("bearer-token", Pattern.compile("(?i)\\bbearer\\s{1,4}([A-Za-z0-9._~+/-]{16,}=*)"), 1, "bearer"),
            new Format("url-password", Pattern.compile("\\b[a-z][a-z0-9+.-]{1,20}://[^/\\s:@\"']{1,64}:([^/\\s:@\"']{1,128})@"), 1,
                    "://"));

    /** A name ending in a secret's word, optional closing quote, {@code :} or {@code =}, then the value. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)(password|passwd|passphrase|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key)"
                    + "(\\\\?[\"']?)([ \\t]*)([:=])([ \\t]*)"
                    + "(?:(\\\\?\")([^\"\\\\\\n]{1,512})\\\\?\"|(')([^'\\\\\\n]{1,512})'|([^\\s\"'`,;&<>(){}\\[\\]\\\\]{4,512}))");
    /** Literals one of which every ASSIGNMENT match holds (its first group, lower-cased). */
    private static final List<String> ASSIGNMENT_WORDS = List.of("pass", "pwd", "secret", "token", "key");
    private static final Set<String> NOT_VALUES = Set.of("null", "none", "true", "false", "undefined", "nil", "required",
            "optional", "string", "redacted", "hidden", "example", "changeme", "your", "xxxx", "xxxxxxxx");

    private final boolean enabled;

    private Redactor(boolean enabled) {
        this.enabled = enabled;
    }

    /** Redacts every format above. */
    public static Redactor standard() {
        return new Redactor(true);
    }

    /** Redacts nothing (for tools that read logs without storing them). */
    public static Redactor none() {
        return NONE;
    }

    public Redacted redact(String text) {
        if (!enabled || text.isEmpty()) {
            return new Redacted(text, 0);
        }
        int[] count = {0};
        String result = text;
        // Each pattern runs only where its literal part occurs (a look for a few characters in the lower-cased
        // text instead of a regex's scan of every position): most messages hold no secret at all.
        String lower = result.toLowerCase(Locale.ROOT);
        if (lower.contains("<private>")) {
            result = replace(PRIVATE, 0, result, count, m -> "");
            lower = result.toLowerCase(Locale.ROOT);
        }
        for (Format format : FORMATS) {
            if (format.mayOccurIn(lower)) {
                String marker = "[REDACTED:" + format.kind() + "]";
                String before = result;
                result = replace(format.pattern(), format.group(), result, count, m -> marker);
                if (result != before) {  // replace gives the same text back when it took nothing out
                    lower = result.toLowerCase(Locale.ROOT);
                }
            }
        }
        if ((result.indexOf('=') >= 0 || result.indexOf(':') >= 0) && ASSIGNMENT_WORDS.stream().anyMatch(lower::contains)) {
            result = replace(ASSIGNMENT, 0, result, count, Redactor::assignment);
        }
        return new Redacted(result, count[0]);
    }

    private static Pattern key(String prefix) {
        // a key, not a hyphenated word: at least 20 characters, a digit among them
        return Pattern.compile("\\b" + prefix + "(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{20,}");
    }

    /** Replaces group {@code group} of each match (0: the whole match) by what {@code with} gives, unless null. */
    private static String replace(Pattern pattern, int group, String text, int[] count,
                                  java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        int before = count[0];
        do {
            String replacement = with.apply(m);
            if (replacement == null) {
                continue;
            }
            out.append(text, last, m.start(group)).append(replacement);
            last = m.end(group);
            count[0]++;
        } while (m.find());
        if (count[0] == before) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    /** The assignment with its value replaced, or null to keep it (a placeholder, prose, or code). */
    private static String assignment(Matcher m) {
        String word = m.group(1).toLowerCase(Locale.ROOT);
        String value;
        boolean quoted;
        String open;
        String close;
        if (m.group(7) != null) {
            value = m.group(7);
            quoted = true;
            open = m.group(6);
            close = m.group(6);
        } else if (m.group(9) != null) {
            value = m.group(9);
            quoted = true;
            open = "'";
            close = "'";
        } else {
            value = m.group(10);
            quoted = false;
            open = "";
            close = "";
        }
        if (!looksLikeValue(value, quoted, m.group(3).isEmpty() && m.group(5).isEmpty() && "=".equals(m.group(4)))) {
            return null;
        }
        return m.group(1) + m.group(2) + m.group(3) + m.group(4) + m.group(5) + open + "[REDACTED:" + kindOf(word) + "]" + close;
    }

    private static boolean looksLikeValue(String value, boolean quoted, boolean tightEquals) {
        if (value.isBlank() || value.startsWith("[REDACTED:")) {
            return false;
        }
        char first = value.charAt(0);
        if (first == '$' || first == '%' || first == '<' || first == '{' || first == '*' || first == '.' || first == '#') {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (NOT_VALUES.contains(lower) || lower.chars().allMatch(c -> c == 'x' || c == '*' || c == '.')) {
            return false;
        }
        if (quoted || tightEquals) {
            return true;
        }
        // "password: required", "token = getToken", "secret: os.environ": prose and code, not a value
        boolean digit = value.chars().anyMatch(Character::isDigit);
        boolean letter = value.chars().anyMatch(Character::isLetter);
        boolean symbol = value.chars().anyMatch(c -> !Character.isLetterOrDigit(c) && c != '_' && c != '-' && c != '.');
        return (digit && letter) || symbol;
    }

    private static String kindOf(String word) {
        if (word.startsWith("pass") || word.equals("pwd")) {
            return "password";
        }
        if (word.equals("secret")) {
            return "secret";
        }
        if (word.equals("token")) {
            return "token";
        }
        return "key";
    }

    /** A secret format: its pattern, the group replaced, and lower-case literals one of which each match holds. */
    private record Format(String kind, Pattern pattern, int group, String... literals) {
        boolean mayOccurIn(String lowerCaseText) {
            for (String literal : literals) {
                if (lowerCaseText.contains(literal)) {
                    return true;
                }
            }
            return false;
        }
    }
}
