package dev.reflect.importer.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class StringCapReaderTest {

    private static String capped(String json, int limit) throws IOException {
        try (Reader reader = new StringCapReader(new StringReader(json), limit)) {
            StringBuilder out = new StringBuilder();
            char[] buffer = new char[7];
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                out.append(buffer, 0, n);
            }
            return out.toString();
        }
    }

    @Test
    void should_pass_strings_within_the_limit_unchanged() throws IOException {
        String json = "{\"key\":\"12345\",\"n\":[1,2.5,true,null],\"e\":\"a\\\"b\\\\c\\u00e9\"}";

        assertThat(capped(json, 6)).isEqualTo(json);
    }

    @Test
    void should_cut_a_long_string_and_keep_the_rest_of_the_json() throws IOException {
        assertThat(capped("{\"a\":\"1234567890\",\"b\":\"xy\"}", 4)).isEqualTo("{\"a\":\"1234\",\"b\":\"xy\"}");
    }

    @Test
    void should_count_an_escape_as_one_character_and_never_cut_it_in_half() throws IOException {
        assertThat(capped("[\"ab\\u00e9\\ncdef\"]", 3)).isEqualTo("[\"ab\\u00e9\"]");
        assertThat(capped("[\"ab\\\"\\\"\"]", 3)).isEqualTo("[\"ab\\\"\"]");
    }

    @Test
    void should_refuse_what_json_refuses_in_the_part_it_drops() {
        assertThatThrownBy(() -> capped("[\"abcd\u0001\"]", 2)).isInstanceOf(StringCapReader.NotJsonException.class);
        assertThatThrownBy(() -> capped("[\"abcd\\x\"]", 2)).isInstanceOf(StringCapReader.NotJsonException.class);
        assertThatThrownBy(() -> capped("[\"abcd\\u12g4\"]", 2)).isInstanceOf(StringCapReader.NotJsonException.class);
    }
}
