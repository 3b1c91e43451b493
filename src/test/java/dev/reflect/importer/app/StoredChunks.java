package dev.reflect.importer.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.qdrant.CollectionNames;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.testsupport.QdrantServer;
import dev.reflect.importer.transcript.Line;
import dev.reflect.importer.transcript.LineReader;
import dev.reflect.importer.transcript.MalformedLineException;
import dev.reflect.importer.transcript.TranscriptParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the ITs of this package compare after an import: each conversation's points in a project's collection,
 * by chunk index, and how many messages a log file holds as the importer reads it.
 */
final class StoredChunks {

    static final int CHUNK_SIZE = 5;

    /** One stored point: its id and the payload fields that must match a clean import's. */
    record StoredChunk(UUID id, String text, long messageCount) {
    }

    private StoredChunks() {
    }

    static String collectionOf(String project) {
        return CollectionNames.UNPREFIXED.conversations(ProjectNames.normalise(project), "local");
    }

    /** Conversation id to chunk index to point; fails when one chunk index has two points. */
    static Map<String, Map<Long, StoredChunk>> byConversation(QdrantServer server, String project) {
        try (QdrantStore qdrant = new QdrantStore(server.host(), server.grpcPort(), false, null, Duration.ofSeconds(30))) {
            return byConversation(qdrant, project);
        }
    }

    /** As above, through a store the caller holds (a node of a cluster, say). */
    static Map<String, Map<Long, StoredChunk>> byConversation(QdrantStore qdrant, String project) {
        Map<String, Map<Long, StoredChunk>> byConversation = new TreeMap<>();
        if (!qdrant.collections().contains(collectionOf(project))) {
            return byConversation;
        }
        qdrant.scrollAll(collectionOf(project)).forEach((id, payload) -> {
            StoredChunk chunk = new StoredChunk(id, (String) payload.get("text"),
                    ((Number) payload.get("message_count")).longValue());
            String conversation = (String) payload.get("conversation_id");
            long index = ((Number) payload.get("chunk_index")).longValue();
            assertThat(byConversation.computeIfAbsent(conversation, c -> new TreeMap<>()).put(index, chunk))
                    .as("one point per chunk: %s chunk %d", conversation, index).isNull();
        });
        return byConversation;
    }

    /** One conversation's points by chunk index (empty when it has none). */
    static Map<Long, StoredChunk> of(QdrantServer server, String project, String conversation) {
        return byConversation(server, project).getOrDefault(conversation, Map.of());
    }

    /** Messages in a log file, read and parsed with the importer's own reader and parser. */
    static int messagesIn(Path file) {
        TranscriptParser parser = new TranscriptParser(new ObjectMapper());
        int count = 0;
        try (LineReader lines = LineReader.open(file, 0, 1, parser::isCompleteJson)) {
            while (lines.hasNext()) {
                Line line = lines.next();
                try {
                    count += parser.parse(line).messages().size();
                } catch (MalformedLineException e) {
                    // not a message: the importer skips it the same way
                }
            }
        }
        return count;
    }

    static int chunksFor(int messages) {
        return (messages + CHUNK_SIZE - 1) / CHUNK_SIZE;
    }

    /** The state file's JSON. */
    static JsonNode state(Path stateFile) {
        try {
            return new ObjectMapper().readTree(stateFile.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state file " + stateFile, e);
        }
    }

    /** The file name without {@code .jsonl}: the conversation id. */
    static String conversationOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.jsonl$", "");
    }

    static Path copy(Path source, Path folder) throws IOException {
        return Files.copy(source, Files.createDirectories(folder).resolve(source.getFileName()));
    }
}
