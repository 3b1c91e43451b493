package dev.reflect.importer.chunking;

import static dev.reflect.importer.chunking.Messages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reflect.importer.transcript.Message;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ChunkTest {

    private final SourceFile source = new SourceFile(Path.of("/logs/p/c.jsonl"), Path.of("/logs"), Instant.EPOCH);

    @Test
    void should_write_each_message_as_upper_case_role_and_text_joined_by_a_blank_line() {
        Chunk chunk = new Chunk(source, 0, List.of(message("user", "How?", 1), message("assistant", "Like this.\nDone.", 2)));

        assertThat(chunk.text()).isEqualTo("USER: How?\n\nASSISTANT: Like this.\nDone.");
    }

    @Test
    void should_upper_case_the_role_whatever_the_default_locale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(new Chunk(source, 0, List.of(message("assistant", "x", 1))).text()).isEqualTo("ASSISTANT: x");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void should_give_the_first_and_last_message_lines() {
        Chunk chunk = new Chunk(source, 3, List.of(message("user", "a", 4), message("assistant", "b", 9), message("user", "c", 12)));

        assertThat(chunk.lineStart()).isEqualTo(4);
        assertThat(chunk.lineEnd()).isEqualTo(12);
        assertThat(chunk.index()).isEqualTo(3);
    }

    @Test
    void should_keep_its_own_copy_of_the_messages() {
        List<Message> messages = new ArrayList<>(List.of(message("user", "a", 1)));
        Chunk chunk = new Chunk(source, 0, messages);

        messages.add(message("user", "b", 2));

        assertThat(chunk.messages()).hasSize(1);
        assertThatThrownBy(() -> chunk.messages().add(message("user", "c", 3))).isInstanceOf(UnsupportedOperationException.class);
    }
}
