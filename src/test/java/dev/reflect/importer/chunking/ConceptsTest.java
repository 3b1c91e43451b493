package dev.reflect.importer.chunking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.testsupport.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConceptsTest {

    @Test
    void should_find_topics_whatever_the_case_and_the_word_form() {
        assertThat(Concepts.of("We OPTIMISED the Docker-Compose file; the Stack Trace shows a NullPointerException"))
                .containsExactly("docker", "performance", "debugging");
        assertThat(Concepts.of("a stacktrace")).containsExactly("debugging");
        assertThat(Concepts.of("on the BRANCHES")).containsExactly("git");
    }

    @Test
    void should_not_take_a_word_inside_another_word() {
        assertThat(Concepts.of("capital, rapid, lest")).isEmpty();
    }

    @Test
    void should_cut_each_word_to_its_literal_start() {
        assertThat(Concepts.stem("tests?")).isEqualTo("test");
        assertThat(Concepts.stem("stack ?trace")).isEqualTo("stack");
        assertThat(Concepts.stem("optimi[sz]\\w*")).isEqualTo("optimi");
        assertThat(Concepts.stem("pull request")).isEqualTo("pull request");
    }

    @Test
    void should_find_in_real_logs_exactly_what_every_pattern_over_the_whole_text_finds() throws IOException {
        List<String> lines;
        try (Stream<Path> files = Files.walk(Corpus.root())) {
            lines = files.filter(f -> f.toString().endsWith(".jsonl"))
                    .flatMap(ConceptsTest::lines)
                    .toList();
        }
        assertThat(lines).hasSizeGreaterThan(1000);
        for (String line : lines) {
            assertThat(Concepts.of(line)).as(line).isEqualTo(Concepts.scanningEveryTopic(line));
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
