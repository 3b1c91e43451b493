package dev.reflect.importer.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RedactorTest {

    private final Redactor redactor = Redactor.standard();

    /** Planted secrets, made up, built from parts so no scanner takes them for real ones. */
    static final String ANTHROPIC = "sk-ant-" + "api03-" + "Zx9Qw2Er7Ty1Ui8Op3As6Df4Gh5Jk0Lz_-AbCdEfGh";
    static final String OPENAI = "sk-" + "proj-" + "T3BlbkFJ4sQ9xZr2LmN7pWvY8kHd1eGcA0uB";
    static final String VOYAGE = "pa-" + "Xk3JmQ8vR2tY7wZ1nB4cD6fG9hL0pS5uE";
    static final String AWS = "AKIA" + "Q3EXAMPLE7ZRF4KD";
    static final String GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    static final String GITHUB_PAT = "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
    static final String SLACK = "xoxb-" + "123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
    static final String JWT = "eyJ" + "hbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "eyJ" + "zdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
            + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    static final String PEM_BODY = "MIIEowIBAAKCAQEA7V2nL9cQx3kzP1aB4tYqWmF8hJ0sRdE5uGvNc2XoIp6KlMj\n"
            + "Rt3Yw8Hq2Ld9Vn4Bx7Cz1Fa5Ge0Su6Kh3Jm9Pq2Wr8Ty4Ui7Op1As5Df3Gh6Jk0L==";
    static final String PEM = "-----BEGIN RSA " + "PRIVATE KEY-----\n" + PEM_BODY + "\n-----END RSA PRIVATE KEY-----";

    private String redacted(String text) {
        return redactor.redact(text).text();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "anthropic-api-key|" + ANTHROPIC,
            "openai-api-key|" + OPENAI,
            "openai-api-key|sk-" + "Abc123def456ghi789jkl012mno345pqr678stu901vwx",
            "voyage-api-key|" + VOYAGE,
            "aws-access-key|" + AWS,
            "aws-access-key|ASIA" + "Y7Z2EXAMPLE9QW3R",
            "github-token|" + GITHUB,
            "github-token|gho_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn",
            "github-token|ghs_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn",
            "github-token|" + GITHUB_PAT,
            "slack-token|" + SLACK,
            "slack-token|xoxp-" + "9876543210-AbCdEf012345",
            "jwt|" + JWT})
    void should_replace_each_token_format_by_a_marker_naming_its_kind(String kind, String secret) {
        Redactor.Redacted r = redactor.redact("use " + secret + " for the call");

        assertThat(r.text()).isEqualTo("use [REDACTED:" + kind + "] for the call");
        assertThat(r.count()).isEqualTo(1);
    }

    @Test
    void should_replace_a_whole_pem_private_key_block() {
        Redactor.Redacted r = redactor.redact("Here is the key:\n" + PEM + "\nkeep it safe");

        assertThat(r.text()).isEqualTo("Here is the key:\n[REDACTED:private-key]\nkeep it safe");
        assertThat(r.count()).isEqualTo(1);
    }

    @Test
    void should_replace_a_pem_block_cut_short_by_a_tool_output_limit() {
        String cut = "-----BEGIN OPENSSH " + "PRIVATE KEY-----\n" + PEM_BODY.substring(0, 90);

        assertThat(redacted("[Result] " + cut)).isEqualTo("[Result] [REDACTED:private-key]");
    }

    @Test
    void should_replace_a_pem_block_with_json_escaped_newlines_in_a_tool_call() {
        String json = "{\"file_path\":\"/k.pem\",\"content\":\"" + PEM.replace("\n", "\\n") + "\\n\"}";

        String text = redacted("[Tool: Write] " + json);

        assertThat(text).isEqualTo("[Tool: Write] {\"file_path\":\"/k.pem\",\"content\":\"[REDACTED:private-key]\\n\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "password=hunter2|password=[REDACTED:password]",
            "DB_PASSWORD=s3cr3t!|DB_PASSWORD=[REDACTED:password]",
            "export CLIENT_SECRET=abcdef|export CLIENT_SECRET=[REDACTED:secret]",
            "curl 'https://x.test/api?token=abc123def&page=2'|curl 'https://x.test/api?token=[REDACTED:token]&page=2'",
            "api_key: 'q8Zr4k2MxP'|api_key: '[REDACTED:key]'",
            "{\"api_key\":\"q8Zr4k2MxP\"}|{\"api_key\":\"[REDACTED:key]\"}",
            "secret: hunter2|secret: [REDACTED:secret]",
            "password = \"correct horse\"|password = \"[REDACTED:password]\"",
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|AWS_SECRET_ACCESS_KEY=[REDACTED:key]",
            "postgres://app:pa55word@db:5432/app|postgres://app:[REDACTED:url-password]@db:5432/app",
            "Authorization: Bearer abcdefghijklmnop0123456789|Authorization: Bearer [REDACTED:bearer-token]"})
    void should_redact_the_value_of_an_assignment_and_keep_its_name(String text, String expected) {
        assertThat(redacted(text)).isEqualTo(expected);
    }

    @Test
    void should_drop_private_spans_entirely() {
        Redactor.Redacted r = redactor.redact("before <private>my address is 1 Main St</private> after <PRIVATE>x</PRIVATE>.");

        assertThat(r.text()).isEqualTo("before  after .");
        assertThat(r.count()).isEqualTo(2);
    }

    @Test
    void should_drop_an_unclosed_private_span_to_the_end() {
        assertThat(redacted("keep this <private>but not this, cut by a limit")).isEqualTo("keep this ");
    }

    @Test
    void should_count_every_secret_of_a_text() {
        Redactor.Redacted r = redactor.redact("a " + AWS + " b " + GITHUB + " c password=hunter2 d " + JWT);

        assertThat(r.count()).isEqualTo(4);
        assertThat(r.text()).doesNotContain(AWS, GITHUB, "hunter2", JWT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "commit 3f786850e387550fdab836ed7e6dc881de23001b is on main",
            "conversation 0cd9edf7-459c-4900-af40-cf2c64dea525 in 7f6df0fc",
            "Reset your password and try again; the password field is required.",
            "password: required",
            "The token is refreshed every hour. Pass a token to the client.",
            "token = get_token(session)",
            "password = os.environ.get(\"DB_PASSWORD\")",
            "password=${DB_PASSWORD}",
            "api_key: <your-api-key>",
            "token: $GITHUB_TOKEN",
            "max_tokens=256 and num_tokens: 1024",
            "pip install scikit-learn and task-management-system-dashboard",
            "the sk-learn-style estimators and skeleton-based ui",
            "AKIAPREFIX is not a key, nor is AKIA1234",
            "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "Bearer tokens are sent in the Authorization header",
            "https://example.com:8080/path@v2 and user@example.com",
            "eyJhbGciOiJIUzI1NiJ9 alone is only a header"})
    void should_keep_ordinary_text(String text) {
        Redactor.Redacted r = redactor.redact(text);

        assertThat(r.text()).isEqualTo(text);
        assertThat(r.count()).isZero();
    }

    @Test
    void should_redact_nothing_when_it_is_the_none_redactor() {
        assertThat(Redactor.none().redact("password=hunter2 " + AWS).text()).isEqualTo("password=hunter2 " + AWS);
    }

    @Test
    void should_take_linear_time_on_a_long_run_without_spaces() {
        String run = "a.b-c_d".repeat(20_000) + "password=";
        long start = System.nanoTime();

        redactor.redact(run);

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
    }
}
