package dev.reflect.importer.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The import state's JSON tree, held compactly: the state keeps two small objects for every log file it ever
 * recorded (6 and up to 13 fields), and gone files stay recorded. Jackson's own objects hold each field in a
 * {@code LinkedHashMap} entry; here an object's fields are two arrays in insertion order, searched in a line while
 * an object has at most {@value CompactFields#SMALL} fields (a file's entries), a {@code LinkedHashMap} beyond (the
 * sections, one field a file); and short texts (providers, collection names) are one node each, however many files
 * name them. Measured over a state of 1,020 files ({@code bench.StateHeap}): 1,020 bytes of heap a file against
 * Jackson's 1,989.
 */
final class CompactNodes extends JsonNodeFactory {

    static final CompactNodes FACTORY = new CompactNodes();

    /** Texts up to this length are shared; longer ones (paths, fingerprints) are mostly unique. */
    private static final int SHARED_TEXT_LENGTH = 40;
    /** At most this many shared texts: a state of odd values does not grow the cache without end. */
    private static final int SHARED_TEXTS = 4096;

    private final Map<String, TextNode> sharedTexts = new ConcurrentHashMap<>();

    private CompactNodes() {
        super(false);
    }

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new CompactFields());
    }

    @Override
    public TextNode textNode(String text) {
        if (text == null || text.length() > SHARED_TEXT_LENGTH) {
            return super.textNode(text);
        }
        TextNode shared = sharedTexts.get(text);
        if (shared != null) {
            return shared;
        }
        TextNode node = super.textNode(text);
        if (sharedTexts.size() < SHARED_TEXTS) {
            TextNode raced = sharedTexts.putIfAbsent(text, node);
            return raced != null ? raced : node;
        }
        return node;
    }

    /** The fields of one JSON object, in the order they were put. */
    static final class CompactFields extends AbstractMap<String, JsonNode> {

        static final int SMALL = 16;

        private String[] names = new String[4];
        private JsonNode[] values = new JsonNode[4];
        private int size;
        private LinkedHashMap<String, JsonNode> large;

        @Override
        public int size() {
            return large != null ? large.size() : size;
        }

        @Override
        public boolean containsKey(Object name) {
            return large != null ? large.containsKey(name) : indexOf(name) >= 0;
        }

        @Override
        public JsonNode get(Object name) {
            if (large != null) {
                return large.get(name);
            }
            int i = indexOf(name);
            return i >= 0 ? values[i] : null;
        }

        @Override
        public JsonNode put(String name, JsonNode value) {
            if (large != null) {
                return large.put(name, value);
            }
            int i = indexOf(name);
            if (i >= 0) {
                JsonNode was = values[i];
                values[i] = value;
                return was;
            }
            if (size == SMALL) {
                large = new LinkedHashMap<>();
                for (int k = 0; k < size; k++) {
                    large.put(names[k], values[k]);
                }
                names = null;
                values = null;
                size = 0;
                return large.put(name, value);
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, Math.min(SMALL, size * 2));
                values = Arrays.copyOf(values, names.length);
            }
            names[size] = name;
            values[size] = value;
            size++;
            return null;
        }

        @Override
        public JsonNode remove(Object name) {
            if (large != null) {
                return large.remove(name);
            }
            int i = indexOf(name);
            if (i < 0) {
                return null;
            }
            JsonNode was = values[i];
            removeAt(i);
            return was;
        }

        @Override
        public void clear() {
            if (large != null) {
                large.clear();
            } else {
                Arrays.fill(names, 0, size, null);
                Arrays.fill(values, 0, size, null);
                size = 0;
            }
        }

        @Override
        public Set<Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonNode>> iterator() {
                    return large != null ? large.entrySet().iterator() : new InOrder();
                }

                @Override
                public int size() {
                    return CompactFields.this.size();
                }
            };
        }

        private int indexOf(Object name) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        private void removeAt(int i) {
            int after = size - i - 1;
            System.arraycopy(names, i + 1, names, i, after);
            System.arraycopy(values, i + 1, values, i, after);
            size--;
            names[size] = null;
            values[size] = null;
        }

        /** The small form's fields in order; {@code remove} and {@code setValue} write through. */
        private final class InOrder implements Iterator<Entry<String, JsonNode>> {
            private int next;
            private int last = -1;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Entry<String, JsonNode> next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                last = next++;
                int at = last;
                String name = names[at];
                return new SimpleEntry<>(name, values[at]) {
                    @Override
                    public JsonNode setValue(JsonNode value) {
                        super.setValue(value);
                        return CompactFields.this.put(name, Objects.requireNonNull(value));
                    }
                };
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException();
                }
                removeAt(last);
                next = last;
                last = -1;
            }
        }
    }
}
