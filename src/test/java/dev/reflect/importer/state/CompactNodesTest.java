package dev.reflect.importer.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The import state's compact JSON objects behave as Jackson's own: same fields, same order, same JSON. */
class CompactNodesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 16, 17, 40})
    void should_keep_fields_in_the_order_they_were_put_whatever_their_number(int fields) {
        ObjectNode compact = CompactNodes.FACTORY.objectNode();
        ObjectNode plain = mapper.createObjectNode();
        for (int i = fields; i > 0; i--) {
            compact.put("f" + i, i);
            plain.put("f" + i, i);
        }

        assertThat(names(compact)).isEqualTo(names(plain));
        assertThat(compact).isEqualTo(plain);
        assertThat(compact.get("f1").asInt()).isEqualTo(1);
        assertThat(compact.get("missing")).isNull();
        assertThat(compact.size()).isEqualTo(fields);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 30})
    void should_replace_a_field_in_its_place_and_remove_one_keeping_the_others_order(int fields) {
        ObjectNode node = CompactNodes.FACTORY.objectNode();
        IntStream.range(0, fields).forEach(i -> node.put("f" + i, i));

        node.put("f2", "two");
        node.remove("f1");
        node.put("f1", 1);

        List<String> expected = new ArrayList<>(IntStream.range(0, fields).mapToObj(i -> "f" + i).toList());
        expected.remove("f1");
        expected.add("f1");
        assertThat(names(node)).isEqualTo(expected);
        assertThat(node.get("f2").asText()).isEqualTo("two");
        assertThat(node.size()).isEqualTo(fields);
    }

    @Test
    void should_remove_the_fields_an_iterator_removes_and_keep_the_rest() {
        ObjectNode node = CompactNodes.FACTORY.objectNode();
        IntStream.range(0, 8).forEach(i -> node.put("f" + i, i));

        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            if (fields.next().getValue().asInt() % 2 == 0) {
                fields.remove();
            }
        }

        assertThat(names(node)).containsExactly("f1", "f3", "f5", "f7");
    }

    @Test
    void should_read_and_write_a_state_file_as_the_same_json() throws Exception {
        String json = """
                {"imported_files": {"/a.jsonl": {"last_modified": 1.5, "chunks": 3, "provider": "local",
                  "extra": {"nested": [1, 2, {"deep": true}]}}},
                 "stream_position": {"imported_files": ["/a.jsonl"], "file_metadata": {"/a.jsonl": {"position": 7,
                  "size": 12345678901, "head": "81f0196657f802b8a363a39185880163672e25a89a7b190505cd46efc4654a81"}}},
                 "their_own": null}
                """;

        JsonNode compact = mapper.reader().with(CompactNodes.FACTORY).readTree(json);

        assertThat(compact).isEqualTo(mapper.readTree(json));
        assertThat(mapper.readTree(mapper.writeValueAsString(compact))).isEqualTo(mapper.readTree(json));
        JsonNode copy = compact.deepCopy();
        assertThat(copy).isEqualTo(compact);
    }

    @Test
    void should_share_one_node_for_a_short_text_that_many_files_name() {
        ObjectNode first = CompactNodes.FACTORY.objectNode().put("collection", "conv_7f6df0fc_local");
        ObjectNode second = CompactNodes.FACTORY.objectNode().put("collection", "conv_7f6df0fc_local");

        assertThat(first.get("collection")).isSameAs(second.get("collection"));
    }
}
