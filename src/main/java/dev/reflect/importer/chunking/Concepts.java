package dev.reflect.importer.chunking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Broad topics a chunk talks about, found by keywords, for filtering and display on the search side. */
public final class Concepts {

    private static final Map<String, Pattern> TOPICS = new LinkedHashMap<>();
    /** Per topic, the lower-case literal start of each of its words: a topic's pattern runs only where one occurs. */
    private static final Map<String, List<String>> STEMS = new LinkedHashMap<>();

    static {
        topic("security", "security|vulnerabilit\\w*|exploit|injection|xss|csrf|authentication|authorization|encrypt\\w*|secret\\w*");
        topic("docker", "docker\\w*|container\\w*|compose|kubernetes|k8s");
        topic("testing", "tests?|testing|pytest|junit|unittest|coverage|assert\\w*");
        topic("api", "api|apis|endpoints?|rest|graphql|http|requests?|responses?");
        topic("database", "database\\w*|sql|postgres\\w*|mysql|sqlite|mongo\\w*|redis|qdrant|schema");
        topic("performance", "performance|optimi[sz]\\w*|latency|throughput|memory|cache|benchmark\\w*");
        topic("debugging", "debug\\w*|errors?|exceptions?|traceback|stack ?trace|bugs?|crash\\w*");
        topic("deployment", "deploy\\w*|ci|cd|pipeline|release|production");
        topic("git", "git|commits?|branch\\w*|merge|rebase|pull request");
        topic("architecture", "architecture|refactor\\w*|design pattern|module\\w*");
        topic("embeddings", "embeddings?|vectors?|onnx|semantic search");
        topic("mcp", "mcp|model context protocol");
    }

    private Concepts() {
    }

    private static void topic(String name, String words) {
        TOPICS.put(name, Pattern.compile("\\b(?:" + words + ")\\b", Pattern.CASE_INSENSITIVE));
        List<String> stems = new ArrayList<>();
        for (String word : words.split("\\|")) {
            stems.add(stem(word));
        }
        STEMS.put(name, stems);
    }

    /** The literal characters a word's pattern starts with: up to its first operator, without an optional last one. */
    static String stem(String word) {
        int end = 0;
        while (end < word.length() && "\\[(?*+".indexOf(word.charAt(end)) < 0) {
            end++;
        }
        if (end < word.length() && (word.charAt(end) == '?' || word.charAt(end) == '*')) {
            end--;
        }
        return word.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** Every topic's pattern over the whole text, without the stems' look: what {@link #of} must equal. */
    static List<String> scanningEveryTopic(String text) {
        List<String> found = new ArrayList<>();
        TOPICS.forEach((name, pattern) -> {
            if (pattern.matcher(text).find()) {
                found.add(name);
            }
        });
        return found;
    }

    public static List<String> of(String text) {
        List<String> found = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        TOPICS.forEach((name, pattern) -> {
            if (STEMS.get(name).stream().anyMatch(lower::contains) && pattern.matcher(text).find()) {
                found.add(name);
            }
        });
        return found;
    }
}
