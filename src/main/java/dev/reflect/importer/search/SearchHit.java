package dev.reflect.importer.search;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One result: a stored chunk (or reflection), its score and where it came from.
 *
 * @param score          the fused (and, with decay, time-weighted) score; higher is better
 * @param collection     the Qdrant collection it was found in
 * @param project        normalised project name
 * @param conversationId the session id (the log file's name)
 * @param timestamp      ISO-8601 time of the chunk's first message
 * @param text           the chunk's whole stored text
 * @param sourceFile     the log file, relative to the logs folder, or null (reflections)
 * @param lineStart      first line of the chunk in the log file, or null
 * @param lineEnd        last line of the chunk in the log file, or null
 * @param payload        every payload field as stored
 */
public record SearchHit(UUID id, double score, String collection, String project, String conversationId,
        String timestamp, String text, String sourceFile, Long lineStart, Long lineEnd, Map<String, Object> payload) {

    /** The same hit with another score. */
    public SearchHit withScore(double newScore) {
        return new SearchHit(id, newScore, collection, project, conversationId, timestamp, text, sourceFile, lineStart,
                lineEnd, payload);
    }

    /** The text on one line, cut to about {@code max} characters at a word boundary. */
    public String excerpt(int max) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        if (flat.length() <= max) {
            return flat;
        }
        int cut = flat.lastIndexOf(' ', max);
        return flat.substring(0, cut > max / 2 ? cut : max) + "…";
    }

    /** True for a reflection stored with {@code store_reflection}, not a chunk of a conversation. */
    public boolean reflection() {
        return "reflection".equals(payload.get("type"));
    }

    @SuppressWarnings("unchecked")
    public List<String> tags() {
        Object tags = payload.get("tags");
        return tags instanceof List<?> list ? (List<String>) list : List.of();
    }
}
