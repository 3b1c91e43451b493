package dev.reflect.importer.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.search.SearchHit;
import java.util.List;
import java.util.Locale;

/**
 * Search results as the text of a tool answer: Markdown for Claude to read, or JSON for agents that parse it.
 * Each result: score, project, conversation id, timestamp, an excerpt of the text and where it came from.
 */
final class ResultText {

    static final int EXCERPT = 500;
    static final int BRIEF_EXCERPT = 160;

    private final ObjectMapper json;

    ResultText(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param heading what was looked for, e.g. {@code 3 results for "x" in project cli}
     * @param first   the number of the first result (offset + 1)
     */
    String render(String heading, List<SearchHit> hits, int first, boolean brief, boolean asJson, ObjectNode extra) {
        if (asJson) {
            ObjectNode root = extra == null ? json.createObjectNode() : extra.deepCopy();
            root.put("summary", heading);
            root.put("count", hits.size());
            ArrayNode results = root.putArray("results");
            int rank = first;
            for (SearchHit hit : hits) {
                results.add(jsonOf(hit, rank++, brief));
            }
            try {
                return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write the results as JSON", e);
            }
        }
        StringBuilder md = new StringBuilder("# ").append(heading).append("\n");
        int rank = first;
        for (SearchHit hit : hits) {
            md.append('\n').append(markdownOf(hit, rank++, brief));
        }
        return md.toString();
    }

    ObjectNode jsonOf(SearchHit hit, int rank, boolean brief) {
        ObjectNode node = json.createObjectNode();
        node.put("rank", rank);
        node.put("score", Math.round(hit.score() * 10_000) / 10_000.0);
        node.put("type", hit.reflection() ? "reflection" : "conversation");
        node.put("project", hit.project());
        node.put("conversation_id", hit.conversationId());
        node.put("timestamp", hit.timestamp());
        node.put("excerpt", hit.excerpt(brief ? BRIEF_EXCERPT : EXCERPT));
        node.put("source_file", hit.sourceFile());
        if (hit.lineStart() != null) {
            node.put("line_start", hit.lineStart());
        }
        if (hit.lineEnd() != null) {
            node.put("line_end", hit.lineEnd());
        }
        if (hit.reflection()) {
            node.put("id", hit.id().toString());
            node.set("tags", json.valueToTree(hit.tags()));
        }
        return node;
    }

    String markdownOf(SearchHit hit, int rank, boolean brief) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(rank).append(". score ").append(String.format(Locale.ROOT, "%.3f", hit.score()))
                .append(" · ").append(hit.reflection() ? "reflection" : orDash(hit.project()))
                .append(" · ").append(orDash(hit.timestamp())).append('\n');
        if (hit.reflection()) {
            md.append("- reflection `").append(hit.id()).append('`');
            if (hit.project() != null) {
                md.append(" of project ").append(hit.project());
            }
            md.append(hit.tags().isEmpty() ? "" : ", tags: " + String.join(", ", hit.tags())).append('\n');
        } else {
            md.append("- conversation `").append(orDash(hit.conversationId())).append("`\n");
            if (hit.sourceFile() != null) {
                md.append("- source `").append(hit.sourceFile()).append('`');
                if (hit.lineStart() != null) {
                    md.append(", lines ").append(hit.lineStart()).append('-')
                            .append(hit.lineEnd() != null ? hit.lineEnd() : hit.lineStart());
                }
                md.append('\n');
            }
        }
        md.append("\n> ").append(hit.excerpt(brief ? BRIEF_EXCERPT : EXCERPT).replace("\n", "\n> ")).append('\n');
        return md.toString();
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
