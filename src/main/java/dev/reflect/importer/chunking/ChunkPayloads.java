package dev.reflect.importer.chunking;

import dev.reflect.importer.transcript.Message;
import dev.reflect.importer.transcript.ToolUse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The Qdrant payload of a chunk, in the field names claude-self-reflect's search side reads. */
public final class ChunkPayloads {

    private ChunkPayloads() {
    }

    public static Map<String, Object> of(Chunk chunk) {
        SourceFile source = chunk.source();
        Set<String> tools = new LinkedHashSet<>();
        Set<String> analyzed = new LinkedHashSet<>();
        Set<String> edited = new LinkedHashSet<>();
        for (Message message : chunk.messages()) {
            for (ToolUse tool : message.tools()) {
                tools.add(tool.name());
                if (tool.filePath() != null) {
                    (tool.edits() ? edited : analyzed).add(tool.filePath());
                }
            }
        }
        String text = chunk.text();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", text);
        payload.put("conversation_id", source.conversationId());
        payload.put("chunk_index", chunk.index());
        payload.put("timestamp", timestampOf(chunk));
        payload.put("project", source.project());
        payload.put("project_dir", source.projectDir());
        payload.put("start_role", chunk.messages().get(0).role());
        payload.put("message_count", chunk.messages().size());
        payload.put("tools_used", new ArrayList<>(tools));
        payload.put("files_analyzed", new ArrayList<>(analyzed));
        payload.put("files_edited", new ArrayList<>(edited));
        payload.put("concepts", Concepts.of(text));
        payload.put("source_file", source.relativePath());
        payload.put("line_start", chunk.lineStart());
        payload.put("line_end", chunk.lineEnd());
        payload.put("is_sidechain", chunk.messages().stream().anyMatch(Message::sidechain));
        chunk.messages().stream().map(Message::sessionId).filter(Objects::nonNull).findFirst()
                .ifPresent(session -> payload.put("session_id", session));
        return payload;
    }

    private static String timestampOf(Chunk chunk) {
        return chunk.messages().stream()
                .map(Message::timestamp)
                .filter(Objects::nonNull)
                .findFirst()
                .orElseGet(() -> chunk.source().modified().toString());
    }
}
