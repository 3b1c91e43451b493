package dev.reflect.importer.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void should_read_numbers_and_booleans_sent_as_text() {
        Arguments args = new Arguments(Map.of("limit", "7", "offset", 3.0, "brief", "true", "min_score", "0.5"));
        assertThat(args.integer("limit", 5)).isEqualTo(7);
        assertThat(args.integer("offset", 0)).isEqualTo(3);
        assertThat(args.integer("missing", 5)).isEqualTo(5);
        assertThat(args.bool("brief", false)).isTrue();
        assertThat(args.decimal("min_score")).isEqualTo(0.5);
    }

    @Test
    void should_read_use_decay_as_claude_self_reflect_sends_it() {
        assertThat(new Arguments(Map.of("use_decay", 1)).decay("use_decay")).isTrue();
        assertThat(new Arguments(Map.of("use_decay", "0")).decay("use_decay")).isFalse();
        assertThat(new Arguments(Map.of("use_decay", -1)).decay("use_decay")).isNull();
        assertThat(new Arguments(Map.of()).decay("use_decay")).isNull();
    }

    @Test
    void should_take_tags_as_a_list_or_one_comma_separated_text() {
        assertThat(new Arguments(Map.of("tags", List.of("a", " b "))).strings("tags")).containsExactly("a", "b");
        assertThat(new Arguments(Map.of("tags", "a, b,,")).strings("tags")).containsExactly("a", "b");
        assertThat(new Arguments(Map.of()).strings("tags")).isEmpty();
    }

    @Test
    void should_refuse_values_that_mean_nothing_naming_the_argument() {
        assertThatThrownBy(() -> new Arguments(Map.of("limit", "many")).integer("limit", 5))
                .isInstanceOf(ToolException.class).hasMessage("limit must be a whole number, got 'many'.");
        assertThatThrownBy(() -> new Arguments(Map.of("limit", 2.5)).integer("limit", 5))
                .hasMessage("limit must be a whole number, got 2.5.");
        assertThatThrownBy(() -> new Arguments(Map.of("use_decay", 7)).decay("use_decay"))
                .hasMessageStartingWith("use_decay must be 1 (decay on), 0 (off) or -1");
        assertThatThrownBy(() -> new Arguments(Map.of("response_format", "xml"))
                .choice("response_format", "markdown", List.of("markdown", "json")))
                .hasMessage("response_format must be one of markdown, json, got 'xml'.");
    }
}
