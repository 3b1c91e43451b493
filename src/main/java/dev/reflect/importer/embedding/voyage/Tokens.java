package dev.reflect.importer.embedding.voyage;

/**
 * A conservative token estimate without Voyage's tokenizer: one token per 3 characters, rounded up.
 *
 * <p>Voyage's tokenizer gives about 4 characters per token on English prose and 3.5 on code and JSON (the
 * bulk of Claude Code logs), so counting 3 overestimates them by 15-35 %: a batch sized by this estimate
 * stays under the API's token limit, and a text cut to {@code maxTokens * 3} characters fits the model's
 * context. Text in scripts that take more than one token per 3 characters (CJK, emoji) can still go over:
 * a batch the API finds too large is then split in half, and the API truncates an over-long text itself.
 */
final class Tokens {

    static final int CHARS_PER_TOKEN = 3;

    private final int maxTokens;

    Tokens(int maxTokens) {
        this.maxTokens = maxTokens;
    }

    int maxTokens() {
        return maxTokens;
    }

    static int estimate(String text) {
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** The estimate of the text as it is sent, after {@link #truncate(String)}. */
    int estimateSent(String text) {
        return Math.min(estimate(text), maxTokens);
    }

    boolean isTooLong(String text) {
        return estimate(text) > maxTokens;
    }

    /** The text cut to the model's context (by the estimate), never between the two halves of a surrogate pair. */
    String truncate(String text) {
        if (!isTooLong(text)) {
            return text;
        }
        int end = maxTokens * CHARS_PER_TOKEN;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
