package dev.reflect.importer.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the state file and checks, at start-up, that every section and field we use has a type we can work with;
 * a file that cannot be used is refused with a message that names what is wrong and the fix, and is never replaced.
 */
final class StateFileReader {

    /** Fields of a file's entries that we read, and the JSON type each must have when present. */
    private static final List<String> ENTRY_NUMBERS = List.of("last_modified", "chunks", "messages");
    private static final List<String> META_NUMBERS =
            List.of("position", "last_modified", "size", "offset", "skip", "next_chunk", "head_bytes", "tail_bytes");
    private static final List<String> TEXTS = List.of("provider", "collection", "head", "tail");

    private StateFileReader() {
    }

    /** The state file's JSON object, checked, held in {@link CompactNodes}; the file must exist. */
    static ObjectNode read(Path file, ObjectMapper mapper) {
        JsonNode tree;
        try {
            tree = mapper.reader().with(CompactNodes.FACTORY).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw corrupt(file, "it is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new StateFileException("Cannot read the state file " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw corrupt(file, "it is empty", null);
        }
        if (!tree.isObject()) {
            throw corrupt(file, "it holds a JSON " + tree.getNodeType().name().toLowerCase() + ", not an object", null);
        }
        String wrong = wrongType((ObjectNode) tree);
        if (wrong != null) {
            throw corrupt(file, wrong, null);
        }
        return (ObjectNode) tree;
    }

    /**
     * What in the tree has a type we cannot work with (a section that is not an object, a number that is text, ...),
     * or null when all is well. Found at start-up, not after a whole import was embedded.
     */
    private static String wrongType(ObjectNode tree) {
        for (String section : new String[] {"imported_files", "stream_position"}) {
            if (tree.has(section) && !tree.get(section).isObject()) {
                return "its \"" + section + "\" is " + typeOf(tree.get(section)) + ", not an object";
            }
        }
        String wrong = wrongEntries(tree.path("imported_files"), "imported_files", ENTRY_NUMBERS);
        if (wrong != null) {
            return wrong;
        }
        JsonNode stream = tree.path("stream_position");
        JsonNode list = stream.get("imported_files");
        if (list != null && !list.isArray()) {
            return "its stream_position.imported_files is " + typeOf(list) + ", not an array";
        }
        if (list != null) {
            for (JsonNode path : list) {
                if (!path.isTextual()) {
                    return "its stream_position.imported_files holds " + typeOf(path) + ", not only file paths";
                }
            }
        }
        JsonNode metadata = stream.get("file_metadata");
        if (metadata != null && !metadata.isObject()) {
            return "its stream_position.file_metadata is " + typeOf(metadata) + ", not an object";
        }
        return wrongEntries(stream.path("file_metadata"), "stream_position.file_metadata", META_NUMBERS);
    }

    private static String wrongEntries(JsonNode section, String name, List<String> numbers) {
        var entries = section.fields();
        while (entries.hasNext()) {
            var e = entries.next();
            String where = name + "[\"" + e.getKey() + "\"]";
            if (!e.getValue().isObject()) {
                return "its " + where + " is " + typeOf(e.getValue()) + ", not an object";
            }
            for (String field : numbers) {
                JsonNode value = e.getValue().get(field);
                if (value != null && !value.isNull() && !value.isNumber()) {
                    return "its " + where + "." + field + " is " + typeOf(value) + ", not a number";
                }
            }
            for (String field : TEXTS) {
                JsonNode value = e.getValue().get(field);
                if (value != null && !value.isNull() && !value.isTextual()) {
                    return "its " + where + "." + field + " is " + typeOf(value) + ", not a string";
                }
            }
        }
        return null;
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    private static StateFileException corrupt(Path file, String why, Throwable cause) {
        return new StateFileException("The state file " + file + " cannot be used: " + why + ". "
                + "Nothing was changed. Fix the file, or move it aside (mv " + file + " " + file + ".broken) "
                + "to import everything again; points already in Qdrant are not duplicated.", cause);
    }
}
