package dev.reflect.importer.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.qdrant.QdrantException;
import dev.reflect.importer.search.SearchException;
import dev.reflect.importer.search.SearchHit;
import dev.reflect.importer.search.SearchQuery;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * claude-self-reflect's tools, with its names and parameters, over {@link Search}: each call becomes one
 * {@link SearchQuery} (or one stored reflection) and its answer a Markdown or JSON text. Every failure is an
 * {@code isError} result with a message; nothing a call sends stops the server.
 */
final class ReflectTools {

    private static final Logger LOG = LoggerFactory.getLogger(ReflectTools.class);

    private static final String PROJECT = "Project to search: its name (e.g. 'claude-self-reflect'), its folder "
            + "under ~/.claude/projects or its path. Leave it out for the project of the current working directory; "
            + "'all' searches every project.";
    private static final int QUICK_LOOK = 20;
    private static final int SUMMARY_LOOK = 20;

    private final SearchCalls calls;
    private final String defaultProject;
    private final ObjectMapper json;
    private final ResultText text;

    ReflectTools(SearchCalls calls, String defaultProject, ObjectMapper json) {
        this.calls = calls;
        this.defaultProject = defaultProject;
        this.json = json;
        this.text = new ResultText(json);
    }

    List<SyncToolSpecification> specifications() {
        List<SyncToolSpecification> tools = new ArrayList<>();
        tools.add(tool("reflect_on_past", "Search past conversations",
                "Search past Claude Code conversations by meaning, in this project unless told otherwise. Use it "
                        + "whenever earlier work may help: the user asks 'what did we discuss about X?', 'remember "
                        + "when...', 'last time we...'; an error or bug may have been solved before; a decision or "
                        + "pattern may already exist in the project. The main memory tool: use it liberally. Each "
                        + "result gives score, project, conversation id, time, an excerpt and the log file and lines.",
                ToolSchema.object()
                        .requiredString("query", "What to look for: a question, an error message, a topic")
                        .integer("limit", "How many results (1-100)", 5, 1, SearchQuery.MAX_LIMIT)
                        .number("min_score", "Leave out results scoring below this (0-1); none left out by default")
                        .choice("use_decay", "Rank newer conversations higher: 1 on, 0 off, -1 the server's default",
                                -1, List.of(-1, 0, 1), "integer")
                        .string("project", PROJECT)
                        .bool("brief", "Shorter excerpts, for a quick look", false)
                        .choice("response_format", "'markdown' to read, 'json' to parse", "markdown",
                                List.of("markdown", "json"), "string"),
                this::reflectOnPast));
        tools.add(tool("quick_search", "Was this discussed before?",
                "Check whether a topic came up in past conversations: answers how many chunks match and shows the "
                        + "best one only. Use for yes/no questions ('have we discussed X?', 'did we hit this error "
                        + "before?') and as a cheap first look before reflect_on_past.",
                ToolSchema.object()
                        .requiredString("query", "The topic, question or error to check for")
                        .number("min_score", "Count only results scoring at least this (0-1)")
                        .string("project", PROJECT),
                this::quickSearch));
        tools.add(tool("search_summary", "Overview of a topic in past conversations",
                "An overview of what past conversations say about a topic rather than the single results: how "
                        + "many match, in which projects and conversations, over what time, the concepts, tools and "
                        + "files that keep coming up, and the three best excerpts. Use when the user wants patterns, "
                        + "themes or the history of a topic.",
                ToolSchema.object()
                        .requiredString("query", "The topic to sum up")
                        .string("project", PROJECT),
                this::searchSummary));
        tools.add(tool("get_more_results", "More results for an earlier search",
                "The next results of a search already made with reflect_on_past: skips the first 'offset' results "
                        + "and returns 'limit' more. Use when the user says 'show me more' or the first results "
                        + "were not enough.",
                ToolSchema.object()
                        .requiredString("query", "The query of the earlier search, unchanged")
                        .integer("offset", "How many results to skip (those already seen)", 3, 0, 10_000)
                        .integer("limit", "How many more results (1-100)", 3, 1, SearchQuery.MAX_LIMIT)
                        .number("min_score", "Leave out results scoring below this (0-1)")
                        .string("project", PROJECT),
                this::getMoreResults));
        tools.add(tool("search_by_file", "Conversations that touched a file",
                "Find past conversations that read or edited a file. Use to learn why a file changed, what was "
                        + "tried on it before, or when it was last worked on ('when did we change X?').",
                ToolSchema.object()
                        .requiredString("file_path", "The file: a path or its end, e.g. 'src/main/App.java'")
                        .integer("limit", "How many results (1-100)", 10, 1, SearchQuery.MAX_LIMIT)
                        .string("project", PROJECT),
                this::searchByFile));
        tools.add(tool("search_by_concept", "Conversations about a concept",
                "Find past conversations about a development concept or theme, e.g. 'security', 'docker', "
                        + "'testing', 'performance', 'database', 'debugging', 'deployment', 'git', 'architecture', "
                        + "'api', 'embeddings', 'mcp'. Conversations tagged with the concept come first; any other "
                        + "concept is searched by meaning. Use to gather what the project learned on a theme.",
                ToolSchema.object()
                        .requiredString("concept", "The concept, e.g. 'testing'")
                        .integer("limit", "How many results (1-100)", 10, 1, SearchQuery.MAX_LIMIT)
                        .string("project", PROJECT),
                this::searchByConcept));
        tools.add(new SyncToolSpecification(Tool.builder()
                .name("store_reflection")
                .title("Remember an insight")
                .description("Store an insight for later sessions: a solution that worked, a decision and its "
                        + "reason, a pitfall, a preference of the user. reflect_on_past and the other search tools "
                        + "find reflections along with conversations. Use it when a hard problem is solved, a "
                        + "decision is made, or the user asks you to remember something.")
                .inputSchema(ToolSchema.object()
                        .requiredString("content", "The insight, written to be understood on its own later")
                        .strings("tags", "Words to file it under, e.g. ['qdrant', 'timeouts']")
                        .build())
                .annotations(new ToolAnnotations("Remember an insight", false, false, false, false, null))
                .build(),
                (exchange, request) -> answer("store_reflection", request.arguments(), this::storeReflection)));
        return tools;
    }

    private SyncToolSpecification tool(String name, String title, String description, ToolSchema schema,
            Function<Arguments, String> handler) {
        Tool tool = Tool.builder()
                .name(name)
                .title(title)
                .description(description)
                .inputSchema(schema.build())
                .annotations(new ToolAnnotations(title, true, false, true, false, null))
                .build();
        return new SyncToolSpecification(tool, (exchange, request) -> answer(name, request.arguments(), handler));
    }

    /** Runs one call: its text, or an {@code isError} result with the reason. */
    CallToolResult answer(String tool, Map<String, Object> arguments, Function<Arguments, String> handler) {
        long started = System.nanoTime();
        try {
            String answer = handler.apply(new Arguments(arguments));
            LOG.debug("{} answered in {} ms", tool, (System.nanoTime() - started) / 1_000_000);
            return CallToolResult.builder().addTextContent(answer).isError(false).build();
        } catch (ToolException | SearchException e) {
            LOG.info("{} refused: {}", tool, e.getMessage());
            return error(e.getMessage());
        } catch (QdrantException e) {
            LOG.warn("{}: {}", tool, e.getMessage());
            return error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} failed with arguments {}", tool, arguments == null ? Map.of() : arguments.keySet(), e);
            return error(tool + " failed: " + rootMessage(e));
        }
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private String reflectOnPast(Arguments args) {
        Scope scope = scope(args);
        SearchQuery query = new SearchQuery(args.text("query"), args.integer("limit", 5), 0,
                args.decimal("min_score"), args.decay("use_decay"), scope.project(), null, null, null, null,
                SearchQuery.Mode.HYBRID);
        List<SearchHit> hits = run(query, scope);
        return render(query, scope, hits, "for", args);
    }

    private String getMoreResults(Arguments args) {
        Scope scope = scope(args);
        SearchQuery query = new SearchQuery(args.text("query"), args.integer("limit", 3), args.integer("offset", 3),
                args.decimal("min_score"), null, scope.project(), null, null, null, null, SearchQuery.Mode.HYBRID);
        List<SearchHit> hits = run(query, scope);
        return render(query, scope, hits, "for", args);
    }

    private String quickSearch(Arguments args) {
        Scope scope = scope(args);
        SearchQuery query = new SearchQuery(args.text("query"), QUICK_LOOK, 0, args.decimal("min_score"), null,
                scope.project(), null, null, null, null, SearchQuery.Mode.HYBRID);
        List<SearchHit> hits = run(query, scope);
        if (hits.isEmpty()) {
            return "No: nothing in " + scope.describe() + " matches \"" + query.text() + "\".";
        }
        String count = hits.size() >= QUICK_LOOK ? "at least " + QUICK_LOOK : Integer.toString(hits.size());
        return "Yes: " + count + " past conversation chunks in " + scope.describe() + " match \"" + query.text()
                + "\". The best:\n\n" + text.markdownOf(hits.get(0), 1, true)
                + "\nreflect_on_past with the same query shows them all.";
    }

    private String searchSummary(Arguments args) {
        Scope scope = scope(args);
        SearchQuery query = new SearchQuery(args.text("query"), SUMMARY_LOOK, 0, null, null, scope.project(), null,
                null, null, null, SearchQuery.Mode.HYBRID);
        List<SearchHit> hits = run(query, scope);
        if (hits.isEmpty()) {
            return "Nothing in " + scope.describe() + " matches \"" + query.text() + "\".";
        }
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
        StringBuilder md = new StringBuilder("# What past conversations say about \"").append(query.text())
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

    private String searchByFile(Arguments args) {
        Scope scope = scope(args);
        String file = args.text("file_path");
        if (file == null || file.isBlank()) {
            throw new ToolException("file_path is empty: give the path of the file, or its end such as 'App.java'.");
        }
        SearchQuery query = new SearchQuery(file, args.integer("limit", 10), 0, null, null, scope.project(),
                file.strip(), null, null, null, SearchQuery.Mode.HYBRID);
        List<SearchHit> hits = run(query, scope);
        String heading = hits.isEmpty()
                ? "No conversation in " + scope.describe() + " read or edited a file ending with " + file.strip()
                : hits.size() + " conversation chunks in " + scope.describe() + " that read or edited " + file.strip();
        return text.render(heading, hits, 1, false, false, null);
    }

    private String searchByConcept(Arguments args) {
        Scope scope = scope(args);
        String concept = args.text("concept");
        int limit = args.integer("limit", 10);
        SearchQuery tagged = new SearchQuery(concept, limit, 0, null, null, scope.project(), null,
                concept == null ? null : concept.strip(), null, null, SearchQuery.Mode.HYBRID);
        List<SearchHit> hits = run(tagged, scope);
        String heading = hits.size() + " conversation chunks in " + scope.describe() + " tagged '" + tagged.concept()
                + "'";
        if (hits.isEmpty()) {
            SearchQuery byMeaning = new SearchQuery(tagged.text(), limit, 0, null, null, scope.project(), null, null,
                    null, null, SearchQuery.Mode.HYBRID);
            hits = run(byMeaning, scope);
            heading = "No chunk is tagged '" + tagged.concept() + "'; the " + hits.size() + " closest by meaning in "
                    + scope.describe();
        }
        return text.render(heading, hits, 1, false, false, null);
    }

    private String storeReflection(Arguments args) {
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

    /** Which project a call searches: the one named, all, or (left out) the working directory's. */
    private Scope scope(Arguments args) {
        String project = args.text("project");
        if (project == null || project.isBlank()) {
            return new Scope(defaultProject, true);
        }
        if (project.strip().equalsIgnoreCase("all")) {
            return new Scope(null, false);
        }
        return new Scope(WorkingProject.resolve(project), false);
    }

    private record Scope(String project, boolean defaulted) {
        String describe() {
            return project == null ? "all projects" : "project " + project;
        }
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

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
