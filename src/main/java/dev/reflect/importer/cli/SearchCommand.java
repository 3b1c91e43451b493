package dev.reflect.importer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reflect.importer.app.Embedders;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.app.SettingsException;
import dev.reflect.importer.search.SearchException;
import dev.reflect.importer.search.SearchHit;
import dev.reflect.importer.search.SearchQuery;
import dev.reflect.importer.search.SearchService;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code reflect search TEXT}: the stored chunks nearest the text, as lines or as JSON. */
@Command(name = "search", sortOptions = false,
        description = "Search past conversations (hybrid: dense vectors, BM25 and exact words, fused).")
public final class SearchCommand extends ReflectCommand {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "the text to look for")
    private List<String> words = List.of();

    @Option(names = "--project", paramLabel = "NAME|all",
            description = "a folder name under the logs folder, a normalised project name, or all (default: all)")
    private String project;

    @Option(names = "--limit", paramLabel = "N", description = "how many results, 1 to 100 (default: ${DEFAULT-VALUE})")
    private int limit = 5;

    @Option(names = "--file", paramLabel = "PATH", description = "only conversations that touched this file")
    private String file;

    @Option(names = "--decay", negatable = true,
            description = "favour recent conversations (default: MEMORY_DECAY's setting)")
    private Boolean decay;

    @Option(names = "--mode", paramLabel = "hybrid|dense|bm25", converter = ModeConverter.class,
            description = "which ranking (default: hybrid)")
    private SearchQuery.Mode mode = SearchQuery.Mode.HYBRID;

    @Option(names = "--json", description = "print the results as a JSON array")
    private boolean json;

    public SearchCommand(Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        if (words.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "search needs the text to look for.");
        }
        if (limit < 1 || limit > SearchQuery.MAX_LIMIT) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--limit': " + limit + " is not from 1 to " + SearchQuery.MAX_LIMIT);
        }
        Settings settings = settings();
        SearchQuery query;
        try {
            query = SearchQuery.of(String.join(" ", words), limit).withProject(project).withDecay(decay)
                    .withFile(file).withMode(mode);
        } catch (SearchException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintStream out = invocation.out();
        try (SearchService search = Embedders.search(settings)) {
            List<SearchHit> hits = search.search(query);
            if (json) {
                out.println(asJson(hits));
            } else if (hits.isEmpty()) {
                out.println("No results for \"" + query.text() + "\" in "
                        + (query.allProjects() ? "any project" : "project " + query.project()) + ".");
            } else {
                for (SearchHit hit : hits) {
                    out.printf(Locale.ROOT, "%.3f  %s  %s  %s%n       %s%n", hit.score(), hit.project(),
                            hit.conversationId(), hit.timestamp(), hit.excerpt(200));
                }
            }
            return ExitCode.OK;
        } catch (SearchException e) {
            throw new CommandFailure(e.getMessage());
        } catch (SettingsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CommandFailure("search failed: " + CommandFailure.rootMessage(e));
        }
    }

    private static String asJson(List<SearchHit> hits) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (SearchHit hit : hits) {
            ObjectNode node = array.addObject();
            node.put("score", hit.score());
            node.put("id", hit.id().toString());
            node.put("collection", hit.collection());
            for (String field : List.of("project", "conversation_id", "timestamp", "chunk_index", "source_file",
                    "line_start", "line_end", "text")) {
                node.set(field, mapper.valueToTree(hit.payload().get(field)));
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the results as JSON", e);
        }
    }

    /** {@code --mode} in any case; anything else is answered with the three names. */
    static final class ModeConverter implements ITypeConverter<SearchQuery.Mode> {
        @Override
        public SearchQuery.Mode convert(String value) {
            try {
                return SearchQuery.Mode.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not hybrid, dense or bm25");
            }
        }
    }
}
