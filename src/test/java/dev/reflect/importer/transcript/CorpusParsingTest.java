package dev.reflect.importer.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.testsupport.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Parses every log of the shared corpus ({@code testdata/corpus} in the repository) with {@link LineReader}
 * and {@link TranscriptParser} and compares with numbers computed independently of this code base.
 *
 * <p>The expected numbers were computed by a separate python3 script (json.JSONDecoder.raw_decode in a
 * loop for values glued on one line, NaN/Infinity refused as Jackson does, an unterminated last line
 * read only when it is complete JSON) that implements the rules from their text: which records
 * are messages, how the text of a message is built, role = message.role else type. For each file it
 * gives the number of messages, the malformed line numbers, and the first 16 hex digits of the SHA-256
 * of all messages written as {@code ROLE: text\n\n}, in file order.
 */
class CorpusParsingTest {

    private static final Path CORPUS = Corpus.root();

    private record Expected(int messages, List<Long> malformedLines, String textDigest) {
    }

    private record Result(int messages, List<Long> malformedLines, String textDigest, List<ParsedLine> lines) {
    }

    private static final Map<String, Expected> EXPECTED = Map.ofEntries(
            e("edge-cases/d-kimuson__claude-code-viewer/agent-test-hash-123.jsonl", 2, "90ba28cc3366c4d1"),
            e("edge-cases/daaain__claude-code-log/edge_cases.jsonl", 12, "b610ed6947b7fda9"),
            e("edge-cases/daaain__claude-code-log/representative_messages.jsonl", 11, "245cd750119d05a4"),
            e("edge-cases/daaain__claude-code-log/session_b.jsonl", 3, "e9628ed416e8d2a4"),
            e("edge-cases/daaain__claude-code-log/todowrite_examples.jsonl", 11, "cebb906158c7d9b8"),
            Map.entry("edge-cases/entireio__cli/not-claude-code-gemini.jsonl",
                    new Expected(0, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L), "e3b0c44298fc1c14")),
            e("edge-cases/jazzyalex__agent-sessions/small.jsonl", 16, "5bbb850e2e16c9d0"),
            e("edge-cases/simonw__claude-code-transcripts/sample_session.jsonl", 7, "4206c53094af2ba6"),
            e("projects/-Users-alex-workspace-cli/0cd9edf7-459c-4900-af40-cf2c64dea525.jsonl", 219, "3384636fd1a981d7"),
            e("projects/-Users-alex-workspace-cli/0cf3db51-1c73-43bb-8d05-dc02739514a5.jsonl", 131, "93bb4bf7b0c58a7e"),
            e("projects/-Users-alex-workspace-cli/1b3e6441-62e3-4b41-8a0c-9d252f531f7a.jsonl", 6, "df7d1916d092e7f7"),
            e("projects/-Users-alex-workspace-cli/8b418ea5-895d-4ad5-abe8-4489d36e454f.jsonl", 95, "440d57e80ce794da"),
            e("projects/-Users-alex-workspace-cli--worktrees-1/062a8bdd-4322-4ffa-bc38-3e8b8bfb5a56.jsonl", 237, "02e6ae56ac4572d6"),
            e("projects/-Users-alex-workspace-cli--worktrees-2/7505c804-ef06-4be0-a866-480597e6bbc1.jsonl", 146, "12863353c7cb3fbc"),
            e("projects/-Users-alex-workspace-cli--worktrees-2/e8106766-ab6a-43ed-8849-77d5114eaff1.jsonl", 168, "0838eb4998a70b68"),
            e("projects/-Users-alex-workspace-cli--worktrees-3/c010174c-a7cd-4bcc-b7d4-61258d6c463f.jsonl", 121, "54f150835cd04411"),
            e("projects/-Users-chip-dev-ai-music/ba79134d-b6e9-4867-af0c-6941038c9e4b.jsonl", 74, "9cc4197569711fce"),
            e("projects/-Users-chip-dev-ai-music/d3ad4cdc-5657-435d-98fa-0035d53e383d.jsonl", 136, "486c3e2ec4737b71"),
            e("projects/-Users-chip-dev-ai-music/fed8ce56-bc79-401f-a83e-af084253362f.jsonl", 19, "48812884df3fbcc4"),
            e("projects/-Users-chip-dev-ai-music/ff71dbed-a4f2-4284-a4fc-fe2fb90de929.jsonl", 0, "e3b0c44298fc1c14"),
            e("projects/-Users-gtrrz-victor-wks-cli/9ff9c26d-319d-4a47-843a-3d60f73295c9.jsonl", 75, "408c4bb45fef2e32"),
            e("projects/-Users-paul-src-entireio-cli/9b76dc0f-dc1b-4822-ac56-53cfa3fbc032.jsonl", 5, "48ae461eda283ffd"),
            e("projects/-Users-paul-src-entireio-cli/cde341db-b80a-44f5-b0f2-94db2ef7a164.jsonl", 157, "e0d0c6db88d88637"),
            e("projects/-Users-soph-Work-entire-devenv-cli/130d7b7e-5801-4345-9bd6-f32fd9b8429b.jsonl", 151, "08c4a7019cf757ef"),
            e("projects/-Users-soph-Work-entire-devenv-cli/198393f2-22db-477b-ac77-1825bea883ae.jsonl", 46, "6f8f11a250b05d4f"),
            e("projects/-Users-soph-Work-entire-devenv-cli/488c5296-fc78-4fdf-8cfd-f1cae9454bd0.jsonl", 22, "733f2d9a761602ee"),
            e("projects/-Users-soph-Work-entire-devenv-cli/a032db5a-df02-44d7-ab1e-fb024213ecc4.jsonl", 212, "be4eb0365a0194f1"),
            e("projects/-Users-soph-Work-entire-devenv-cli/a318ad73-17a2-4575-845d-8952a1e5958b.jsonl", 66, "d4a7df3e7acc5d32"),
            e("projects/-Users-soph-Work-entire-devenv-cli/cef3602b-e191-46fd-aa56-68c030df67e5.jsonl", 29, "84036757e64917a7"),
            e("projects/-Users-soph-Work-entire-devenv-cli/dc577197-3905-4039-9b27-8ab77a6b087f.jsonl", 46, "c542a41d502432c5"),
            e("projects/-home-ubuntu-Documents-Z-FORGE/a76fc974-3091-4485-9127-e667272dc322.jsonl", 1, "6e95c62adcbb3dfc"),
            e("projects/-home-ubuntu-Documents-livecd-gen/2db9caea-e1d8-466e-9649-2bdf03ad87e6.jsonl", 3, "c15351574f40dbbf"),
            e("projects/-home-ubuntu-Documents-livecd-gen/ccd2d482-b43e-4811-8501-28eb64193b51.jsonl", 0, "e3b0c44298fc1c14"),
            e("projects/-home-ubuntu-Documents-livecd-gen/e1ffaf02-1289-4b61-ae2e-694bf373993b.jsonl", 205, "2f24ae27df860bec"),
            e("projects/-home-ubuntu-Documents-livecd-gen/e4b47c0c-0fd6-4b9e-9500-ee355fe2f33a.jsonl", 2, "a28785cba12079dc"),
            e("projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl", 27, "7fae7d79d84745cb"),
            e("projects/sample-project/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl", 52, "2d6b02b5b27f5a26"),
            e("projects/sample-project/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl", 425, "4bca9b7c26263393"));

    /** Lines holding one user/assistant record with non-blank content that is marked isMeta, isCompactSummary or isApiErrorMessage. */
    private static final Map<String, List<Long>> FLAGGED_LINES = Map.of(
            "projects/sample-project/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl", List.of(2L),
            "projects/-Users-alex-workspace-cli/0cf3db51-1c73-43bb-8d05-dc02739514a5.jsonl", List.of(7L),
            "projects/-Users-soph-Work-entire-devenv-cli/198393f2-22db-477b-ac77-1825bea883ae.jsonl", List.of(3L, 32L),
            "projects/-Users-soph-Work-entire-devenv-cli/a032db5a-df02-44d7-ab1e-fb024213ecc4.jsonl", List.of(274L),
            "projects/-home-ubuntu-Documents-livecd-gen/e1ffaf02-1289-4b61-ae2e-694bf373993b.jsonl", List.of(134L, 211L),
            "projects/-home-ubuntu-Documents-livecd-gen/e4b47c0c-0fd6-4b9e-9500-ee355fe2f33a.jsonl", List.of(3L),
            "edge-cases/jazzyalex__agent-sessions/small.jsonl", List.of(9L, 10L, 22L));

    private final TranscriptParser parser = new TranscriptParser(new ObjectMapper());

    private static Map.Entry<String, Expected> e(String file, int messages, String digest) {
        return Map.entry(file, new Expected(messages, List.of(), digest));
    }

    @BeforeAll
    static void corpusIsThere() {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "no corpus at " + CORPUS);
    }

    @Test
    void should_know_every_log_of_the_corpus() throws IOException {
        assertThat(logs().stream().map(CorpusParsingTest::key).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @TestFactory
    Stream<DynamicTest> should_find_the_messages_and_malformed_lines_the_rules_give_in_every_log() throws IOException {
        return logs().stream().map(file -> dynamicTest(key(file), () -> {
            Expected expected = EXPECTED.get(key(file));
            assertThat(expected).as("pinned numbers for %s", key(file)).isNotNull();
            Result result = parseAll(file);
            assertThat(result.messages()).as("messages").isEqualTo(expected.messages());
            assertThat(result.malformedLines()).as("malformed lines").isEqualTo(expected.malformedLines());
            assertThat(result.textDigest()).as("digest of all message texts").isEqualTo(expected.textDigest());
        }));
    }

    @Test
    void should_read_both_records_of_the_glued_line_and_not_call_it_malformed() {
        Path file = CORPUS.resolve("projects/-Users-soph-Work-entire-devenv-cli/130d7b7e-5801-4345-9bd6-f32fd9b8429b.jsonl");
        Result result = parseAll(file);

        assertThat(result.malformedLines()).doesNotContain(128L);
        ParsedLine line128 = result.lines().stream().filter(l -> l.line().number() == 128).findFirst().orElseThrow();
        assertThat(line128.messages().size() + line128.skippedRecords()).isEqualTo(2);
        assertThat(line128.messages()).hasSize(1);
        assertThat(line128.messages().get(0).indexInLine()).isZero();
    }

    @Test
    void should_give_no_messages_and_malformed_lines_for_a_file_that_is_not_a_claude_code_log() {
        Result result = parseAll(CORPUS.resolve("edge-cases/entireio__cli/not-claude-code-gemini.jsonl"));

        assertThat(result.messages()).isZero();
        assertThat(result.malformedLines()).isNotEmpty().contains(1L, 2L);
    }

    @Test
    void should_give_no_messages_for_summary_only_files() {
        for (String summaryOnly : List.of(
                "projects/-Users-chip-dev-ai-music/ff71dbed-a4f2-4284-a4fc-fe2fb90de929.jsonl",
                "projects/-home-ubuntu-Documents-livecd-gen/ccd2d482-b43e-4811-8501-28eb64193b51.jsonl")) {
            Result result = parseAll(CORPUS.resolve(summaryOnly));
            assertThat(result.messages()).as(summaryOnly).isZero();
            assertThat(result.malformedLines()).as(summaryOnly).isEmpty();
            assertThat(result.lines()).as(summaryOnly).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.skippedRecords()).isEqualTo(1));
        }
    }

    @Test
    void should_exclude_meta_compact_summary_and_api_error_records() {
        FLAGGED_LINES.forEach((log, lineNumbers) -> {
            Result result = parseAll(CORPUS.resolve(log));
            for (long number : lineNumbers) {
                ParsedLine line = result.lines().stream().filter(l -> l.line().number() == number).findFirst().orElseThrow();
                assertThat(line.messages()).as("%s line %d", log, number).isEmpty();
                assertThat(line.skippedRecords()).as("%s line %d", log, number).isEqualTo(1);
            }
        });
    }

    @Test
    void should_keep_inline_sidechain_records_as_sidechain_messages() {
        Result result = parseAll(CORPUS.resolve("projects/sample-project/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl"));

        List<Message> messages = result.lines().stream().flatMap(l -> l.messages().stream()).toList();
        assertThat(messages).anyMatch(Message::sidechain);
        assertThat(messages).allSatisfy(m -> {
            assertThat(m.role()).isIn("user", "assistant");
            assertThat(m.text()).isNotBlank().isEqualTo(m.text().trim());
        });
    }

    private Result parseAll(Path file) {
        List<ParsedLine> lines = new ArrayList<>();
        List<Long> malformed = new ArrayList<>();
        MessageDigest digest = sha256();
        int messages = 0;
        try (LineReader reader = LineReader.open(file, 0, 1, parser::isCompleteJson)) {
            while (reader.hasNext()) {
                Line line = reader.next();
                try {
                    ParsedLine parsed = parser.parse(line);
                    lines.add(parsed);
                    for (Message m : parsed.messages()) {
                        messages++;
                        digest.update((m.role().toUpperCase(Locale.ROOT) + ": " + m.text() + "\n\n").getBytes(StandardCharsets.UTF_8));
                    }
                } catch (MalformedLineException e) {
                    assertThat(e.lineNumber()).isEqualTo(line.number());
                    assertThat(e.reason()).isNotBlank();
                    malformed.add(line.number());
                }
            }
        }
        String hex = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        return new Result(messages, malformed, hex, lines);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> logs() throws IOException {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    private static String key(Path file) {
        return CORPUS.relativize(file).toString().replace('\\', '/');
    }
}
