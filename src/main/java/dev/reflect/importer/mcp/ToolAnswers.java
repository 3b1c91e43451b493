package dev.reflect.importer.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.search.SearchException;
import dev.reflect.importer.search.SearchHit;
import dev.reflect.importer.search.SearchQuery;
import java.util.List;
import java.util.UUID;

/**
 * What each of {@link ReflectTools} answers: a call's arguments become one {@link SearchQuery} (or one stored
 * reflection) over {@link SearchCalls}, and its hits a Markdown or JSON text ({@link ResultText}).
 */
final class ToolAnswers {

    private static final int QUICK_LOOK = 20;
    private static final int SUMMARY_LOOK = 20;

    private final SearchCalls calls;
    private final String defaultProject;
    private final ObjectMapper json;
    private final ResultText text;

    ToolAnswers(SearchCalls calls, String defaultProject, ObjectMapper json) {
        this.calls = calls;
        this.defaultProject = defaultProject;
        this.json = json;
        this.text = new ResultText(json);
    }

    String reflectOnPast(Arguments args) {
        Scope scope = Scope.of(args, defaultProject);
        SearchQuery query = hybrid(args.text("query"), args.integer("limit", 5), 0, args.decimal("min_score"),
                args.decay("use_decay"), scope, null, null);
        List<SearchHit> hits = run(query, scope);
        return render(query, scope, hits, "for", args);
    }

    String getMoreResults(Arguments args) {
        Scope scope = Scope.of(args, defaultProject);
        SearchQuery query = hybrid(args.text("query"), args.integer("limit", 3), args.integer("offset", 3),
                args.decimal("min_score"), null, scope, null, null);
        List<SearchHit> hits = run(query, scope);
        return render(query, scope, hits, "for", args);
    }

    String quickSearch(Arguments args) {
        Scope scope = Scope.of(args, defaultProject);
        SearchQuery query = hybrid(args.text("query"), QUICK_LOOK, 0, args.decimal("min_score"), null, scope, null, null);
        List<SearchHit> hits = run(query, scope);
        if (hits.isEmpty()) {
            return "No: nothing in " + scope.describe() + " matches \"" + query.text() + "\".";
        }
        String count = hits.size() >= QUICK_LOOK ? "at least " + QUICK_LOOK : Integer.toString(hits.size());
        return "Yes: " + count + " past conversation chunks in " + scope.describe() + " match \"" + query.text()
                + "\". The best:\n\n" + text.markdownOf(hits.get(0), 1, true)
                + "\nreflect_on_past with the same query shows them all.";
    }

    String searchSummary(Arguments args) {
        Scope scope = Scope.of(args, defaultProject);
        SearchQuery query = hybrid(args.text("query"), SUMMARY_LOOK, 0, null, null, scope, null, null);
        List<SearchHit> hits = run(query, scope);
        if (hits.isEmpty()) {
            return "Nothing in " + scope.describe() + " matches \"" + query.text() + "\".";
        }
        return TopicSummary.markdown(query.text(), scope, hits, text);
    }

    String searchByFile(Arguments args) {
        Scope scope = Scope.of(args, defaultProject);
        String file = args.text("file_path");
        if (file == null || file.isBlank()) {
            throw new ToolException("file_path is empty: give the path of the file, or its end such as 'App.java'.");
        }
        SearchQuery query = hybrid(file, args.integer("limit", 10), 0, null, null, scope, file.strip(), null);
        List<SearchHit> hits = run(query, scope);
        String heading = hits.isEmpty()
                ? "No conversation in " + scope.describe() + " read or edited a file ending with " + file.strip()
                : hits.size() + " conversation chunks in " + scope.describe() + " that read or edited " + file.strip();
        return text.render(heading, hits, 1, false, false, null);
    }

    String searchByConcept(Arguments args) {
        Scope scope = Scope.of(args, defaultProject);
        String concept = args.text("concept");
        int limit = args.integer("limit", 10);
        SearchQuery tagged = hybrid(concept, limit, 0, null, null, scope, null,
                concept == null ? null : concept.strip());
        List<SearchHit> hits = run(tagged, scope);
        String heading = hits.size() + " conversation chunks in " + scope.describe() + " tagged '" + tagged.concept()
                + "'";
        if (hits.isEmpty()) {
            SearchQuery byMeaning = hybrid(tagged.text(), limit, 0, null, null, scope, null, null);
            hits = run(byMeaning, scope);
            heading = "No chunk is tagged '" + tagged.concept() + "'; the " + hits.size() + " closest by meaning in "
                    + scope.describe();
        }
        return text.render(heading, hits, 1, false, false, null);
    }

    String storeReflection(Arguments args) {
        String content = args.text("content");
        if (content == null || content.isBlank()) {
            throw new ToolException("content is empty: give the insight to store.");
        }
        List<String> tags = args.strings("tags");
        UUID id = calls.run("store_reflection", search -> search.storeReflection(content, tags, defaultProject));
        return "Reflection stored.\nID: " + id + "\nProject: " + defaultProject + "\nTags: "
                + (tags.isEmpty() ? "none" : String.join(", ", tags))
                + "\nreflect_on_past and the other search tools find it from now on.";
    }

    /** A hybrid search in the call's scope, over all time. */
    private static SearchQuery hybrid(String text, int limit, int offset, Double minScore, Boolean decay, Scope scope,
            String file, String concept) {
        return new SearchQuery(text, limit, offset, minScore, decay, scope.project(), file, concept, null, null,
                SearchQuery.Mode.HYBRID);
    }

    private List<SearchHit> run(SearchQuery query, Scope scope) {
        try {
            return calls.run("search", search -> search.search(query));
        } catch (SearchException e) {
            if (scope.defaulted() && e.getMessage() != null && e.getMessage().contains(scope.project())) {
                throw new SearchException(e.getMessage() + " ('" + scope.project() + "' is the project of the "
                        + "server's working directory.)", e);
            }
            throw e;
        }
    }

    private String render(SearchQuery query, Scope scope, List<SearchHit> hits, String word, Arguments args) {
        boolean asJson = "json".equals(args.choice("response_format", "markdown", List.of("markdown", "json")));
        boolean brief = args.bool("brief", false);
        String range = query.offset() == 0 ? hits.size() + (hits.size() == 1 ? " result" : " results")
                : "Results " + (query.offset() + 1) + "-" + (query.offset() + hits.size());
        String heading = hits.isEmpty()
                ? "No " + (query.offset() == 0 ? "" : "more ") + "past conversations match \"" + query.text() + "\" in "
                        + scope.describe()
                : range + " " + word + " \"" + query.text() + "\" in " + scope.describe();
        ObjectNode extra = json.createObjectNode();
        extra.put("query", query.text());
        extra.put("project", scope.project() == null ? "all" : scope.project());
        extra.put("offset", query.offset());
        return text.render(heading, hits, query.offset() + 1, brief, asJson, extra);
    }
}
