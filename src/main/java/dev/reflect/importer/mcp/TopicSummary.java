package dev.reflect.importer.mcp;

import dev.reflect.importer.search.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * search_summary's answer: how many hits, in which conversations and projects, over what time, the concepts, tools
 * and files that keep coming up, and the three best excerpts.
 */
final class TopicSummary {

    private TopicSummary() {
    }

    static String markdown(String queryText, Scope scope, List<SearchHit> hits, ResultText text) {
        Map<String, Integer> projects = new LinkedHashMap<>();
        Map<String, Integer> concepts = new LinkedHashMap<>();
        Map<String, Integer> tools = new LinkedHashMap<>();
        Map<String, Integer> files = new LinkedHashMap<>();
        TreeSet<String> conversations = new TreeSet<>();
        TreeSet<String> times = new TreeSet<>();
        int reflections = 0;
        for (SearchHit hit : hits) {
            if (hit.reflection()) {
                reflections++;
            } else if (hit.conversationId() != null) {
                conversations.add(hit.conversationId());
            }
            count(projects, hit.project() == null ? null : List.of(hit.project()));
            count(concepts, hit.payload().get("concepts"));
            count(tools, hit.payload().get("tools_used"));
            count(files, hit.payload().get("files_edited"));
            count(files, hit.payload().get("files_analyzed"));
            if (hit.timestamp() != null) {
                times.add(hit.timestamp());
            }
        }
        StringBuilder md = new StringBuilder("# What past conversations say about \"").append(queryText)
                .append("\" (").append(scope.describe()).append(")\n\n");
        md.append("- ").append(hits.size()).append(" best matches: ").append(conversations.size())
                .append(" conversations").append(reflections > 0 ? ", " + reflections + " reflections" : "")
                .append('\n');
        if (!times.isEmpty()) {
            md.append("- from ").append(times.first()).append(" to ").append(times.last()).append('\n');
        }
        md.append("- projects: ").append(top(projects, 5)).append('\n');
        md.append("- concepts: ").append(top(concepts, 6)).append('\n');
        md.append("- tools used: ").append(top(tools, 6)).append('\n');
        md.append("- files: ").append(top(files, 6)).append("\n\n## Best excerpts\n");
        for (int i = 0; i < Math.min(3, hits.size()); i++) {
            md.append('\n').append(text.markdownOf(hits.get(i), i + 1, true));
        }
        return md.toString();
    }

    private static void count(Map<String, Integer> counts, Object values) {
        if (values instanceof List<?> list) {
            for (Object value : list) {
                if (value != null && !value.toString().isBlank()) {
                    counts.merge(value.toString(), 1, Integer::sum);
                }
            }
        }
    }

    private static String top(Map<String, Integer> counts, int n) {
        if (counts.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(n)
                .forEach(e -> parts.add(e.getKey() + " (" + e.getValue() + ")"));
        return String.join(", ", parts);
    }
}
