package dev.reflect.importer.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.qdrant.QdrantException;
import dev.reflect.importer.search.SearchException;
import dev.reflect.importer.search.SearchQuery;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * claude-self-reflect's tools, with its names, descriptions and parameters; what each one answers is in
 * {@link ToolAnswers}. Every failure is an {@code isError} result with a message; nothing a call sends stops the
 * server.
 */
final class ReflectTools {

    private static final Logger LOG = LoggerFactory.getLogger(ReflectTools.class);

    private static final String PROJECT = "Project to search: its name (e.g. 'claude-self-reflect'), its folder "
            + "under ~/.claude/projects or its path. Leave it out for the project of the current working directory; "
            + "'all' searches every project.";

    private final ToolAnswers answers;

    ReflectTools(SearchCalls calls, String defaultProject, ObjectMapper json) {
        this.answers = new ToolAnswers(calls, defaultProject, json);
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
                answers::reflectOnPast));
        tools.add(tool("quick_search", "Was this discussed before?",
                "Check whether a topic came up in past conversations: answers how many chunks match and shows the "
                        + "best one only. Use for yes/no questions ('have we discussed X?', 'did we hit this error "
                        + "before?') and as a cheap first look before reflect_on_past.",
                ToolSchema.object()
                        .requiredString("query", "The topic, question or error to check for")
                        .number("min_score", "Count only results scoring at least this (0-1)")
                        .string("project", PROJECT),
                answers::quickSearch));
        tools.add(tool("search_summary", "Overview of a topic in past conversations",
                "An overview of what past conversations say about a topic rather than the single results: how "
                        + "many match, in which projects and conversations, over what time, the concepts, tools and "
                        + "files that keep coming up, and the three best excerpts. Use when the user wants patterns, "
                        + "themes or the history of a topic.",
                ToolSchema.object()
                        .requiredString("query", "The topic to sum up")
                        .string("project", PROJECT),
                answers::searchSummary));
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
                answers::getMoreResults));
        tools.add(tool("search_by_file", "Conversations that touched a file",
                "Find past conversations that read or edited a file. Use to learn why a file changed, what was "
                        + "tried on it before, or when it was last worked on ('when did we change X?').",
                ToolSchema.object()
                        .requiredString("file_path", "The file: a path or its end, e.g. 'src/main/App.java'")
                        .integer("limit", "How many results (1-100)", 10, 1, SearchQuery.MAX_LIMIT)
                        .string("project", PROJECT),
                answers::searchByFile));
        tools.add(tool("search_by_concept", "Conversations about a concept",
                "Find past conversations about a development concept or theme, e.g. 'security', 'docker', "
                        + "'testing', 'performance', 'database', 'debugging', 'deployment', 'git', 'architecture', "
                        + "'api', 'embeddings', 'mcp'. Conversations tagged with the concept come first; any other "
                        + "concept is searched by meaning. Use to gather what the project learned on a theme.",
                ToolSchema.object()
                        .requiredString("concept", "The concept, e.g. 'testing'")
                        .integer("limit", "How many results (1-100)", 10, 1, SearchQuery.MAX_LIMIT)
                        .string("project", PROJECT),
                answers::searchByConcept));
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
                (exchange, request) -> answer("store_reflection", request.arguments(), answers::storeReflection)));
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

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
