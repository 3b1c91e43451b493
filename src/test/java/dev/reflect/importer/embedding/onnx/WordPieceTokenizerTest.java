package dev.reflect.importer.embedding.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java tokenizer gives the ids of the Hugging Face tokenizers library (Rust, through DJL), id for id. */
class WordPieceTokenizerTest {

    private static final Path CORPUS = Path.of("testdata", "corpus");

    @TempDir
    static Path cache;

    static WordPieceTokenizer tokenizer;
    static HuggingFaceTokenizer library;

    @BeforeAll
    static void load() throws IOException {
        Path file = ModelFiles.extract(cache).tokenizer();
        tokenizer = WordPieceTokenizer.load(file);
        library = HuggingFaceTokenizer.builder().optTokenizerPath(file).optTruncation(false).optPadding(false).build();
    }

    @AfterAll
    static void close() {
        library.close();
    }

    @Test
    void should_give_the_library_ids_for_every_text_of_the_corpus() throws IOException {
        List<String> texts = corpusTexts();
        assertThat(texts).hasSizeGreaterThan(3_000);

        List<String> differing = new ArrayList<>();
        for (String text : texts) {
            if (!Arrays.equals(tokenizer.encode(text), library.encode(text).getIds())) {
                differing.add(text.length() > 80 ? text.substring(0, 80) + "..." : text);
            }
        }

        assertThat(differing).isEmpty();
    }

    @Test
    void should_give_the_library_ids_for_every_unicode_character() {
        List<String> differing = new ArrayList<>();
        for (int block = 0; block < Character.MAX_CODE_POINT; block += 256) {
            if (!Arrays.equals(tokenizer.encode(around(block, 256)), library.encode(around(block, 256)).getIds())) {
                for (int c = block; c < block + 256; c++) {
                    if (!Arrays.equals(tokenizer.encode(around(c, 1)), library.encode(around(c, 1)).getIds())) {
                        differing.add(String.format("U+%04X", c));
                    }
                }
            }
        }

        assertThat(differing).isEmpty();
    }

    @Test
    void should_read_special_tokens_written_in_the_text_as_themselves() {
        assertThat(tokenizer.encode("see [MASK] and [SEP]")).containsExactly(101, 2156, 103, 1998, 102, 102);
        assertThat(tokenizer.encode("see [mask]")).containsExactly(101, 2156, 1031, 7308, 1033, 102);
    }

    @Test
    void should_lower_case_strip_accents_and_split_punctuation() {
        assertThat(tokenizer.encode("Café, déjà-vu!")).isEqualTo(tokenizer.encode("cafe , deja - vu !"));
        assertThat(tokenizer.encode("")).containsExactly(101, 102);
    }

    @Test
    void should_read_a_word_it_cannot_spell_or_of_over_100_characters_as_one_unknown() {
        long unknown = 100;
        assertThat(tokenizer.encode("x" + "\u2603" + "y")).containsExactly(101, unknown, 102);
        assertThat(tokenizer.encode("a".repeat(101))).containsExactly(101, unknown, 102);
        assertThat(tokenizer.encode("a".repeat(100))).hasSizeGreaterThan(3);
    }

    @Test
    void should_refuse_a_tokenizer_that_is_not_bert_wordpiece_naming_what_differs(@TempDir Path dir) throws IOException {
        Path bpe = dir.resolve("tokenizer.json");
        Files.writeString(bpe, "{\"model\": {\"type\": \"BPE\", \"vocab\": {}}}");

        assertThatThrownBy(() -> WordPieceTokenizer.load(bpe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bpe.toString())
                .hasMessageContaining("model.type is not WordPiece");
    }

    /** Code points {@code from} to {@code from + count}, each alone between words and inside one. */
    private static String around(int from, int count) {
        StringBuilder text = new StringBuilder();
        for (int c = from; c < Math.min(from + count, Character.MAX_CODE_POINT + 1); c++) {
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                continue;
            }
            text.append("a ").appendCodePoint(c).append(" b x").appendCodePoint(c).append("y ");
        }
        return text.toString();
    }

    /** Every string of the corpus as the JSON decodes it (newlines, tabs, emoji), and the edge cases' lines as they are. */
    private static List<String> corpusTexts() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (file.startsWith(CORPUS.resolve("edge-cases"))) {
                        texts.add(line);
                    }
                    try {
                        strings(json.readTree(line), texts);
                    } catch (IOException malformed) {
                        // the corpus's malformed lines are tokenized as they are
                    }
                }
            }
        }
        return texts;
    }

    private static void strings(JsonNode node, List<String> into) {
        if (node.isTextual() && node.asText().length() > 1) {
            into.add(node.asText());
        }
        node.forEach(child -> strings(child, into));
    }
}
