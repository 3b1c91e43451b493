package dev.reflect.importer.chunking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Broad topics a chunk talks about, found by keywords, for filtering and display on the search side. */
public final class Concepts {

    /** A topic's pattern, and the lower-case literal start of each of its words: it runs only where one occurs. */
    private record Topic(String name, Pattern pattern, List<String> stems) {
    }

    private static final List<Topic> TOPICS = new ArrayList<>();

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
        List<String> stems = Arrays.stream(words.split("\\|")).map(Concepts::stem).toList();
        TOPICS.add(new Topic(name, Pattern.compile("\\b(?:" + words + ")\\b", Pattern.CASE_INSENSITIVE), stems));
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
        return TOPICS.stream().filter(t -> t.pattern().matcher(text).find()).map(Topic::name).toList();
    }

    public static List<String> of(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return TOPICS.stream()
                .filter(t -> t.stems().stream().anyMatch(lower::contains) && t.pattern().matcher(text).find())
                .map(Topic::name)
                .toList();
    }
}
