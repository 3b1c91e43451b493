package dev.reflect.importer.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.app.Embedders;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.search.Search;
import dev.reflect.importer.search.SearchQuery;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reflect mcp}: an MCP server over stdio (the official Java SDK) with claude-self-reflect's tools. Stdout
 * carries only protocol messages: whatever else writes to {@code System.out} goes to stderr with the logs. Runs
 * until the client closes stdin (or SIGTERM); the model and the Qdrant client load once, at start.
 */
public final class McpStdioServer {

    private static final Logger LOG = LoggerFactory.getLogger(McpStdioServer.class);

    static final String NAME = "reflect";
    public static final String VERSION = "0.1.0";
    private static final String INSTRUCTIONS = "Memory of past Claude Code conversations, imported into Qdrant by "
            + "reflect-importer. Search it (reflect_on_past, quick_search, search_summary, search_by_file, "
            + "search_by_concept, get_more_results) before re-solving something that may have been solved before, "
            + "and store what is worth remembering with store_reflection. Searches cover the project of the working "
            + "directory unless project is given; project 'all' covers every project.";

    private final Supplier<Search> opener;
    private final java.time.Duration timeout;

    /** The server over the settings' Qdrant and model. */
    public McpStdioServer(Settings settings) {
        this(() -> Embedders.search(settings), settings);
    }

    McpStdioServer(Supplier<Search> opener, Settings settings) {
        this.opener = opener;
        this.timeout = settings.searchTimeout();
    }

    /** Serves stdin/stdout until stdin ends; returns the exit code. */
    public int run() {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        return serve(System.in, protocol, Path.of(System.getProperty("user.dir")));
    }

    int serve(InputStream in, OutputStream out, Path workingDirectory) {
        String project = WorkingProject.of(workingDirectory);
        ObjectMapper json = new ObjectMapper();
        CountDownLatch ended = new CountDownLatch(1);
        SearchCalls calls = new SearchCalls(opener, timeout);
        calls.warmUp(search -> search.search(SearchQuery.of("warm up the model and the connection", 1)));
        StdioServerTransportProvider transport = new StdioServerTransportProvider(new JacksonMcpJsonMapper(json),
                new EndSignallingInput(in, ended), out);
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, VERSION)
                .instructions(INSTRUCTIONS)
                .capabilities(ServerCapabilities.builder().tools(false).build())
                .validateToolInputs(false)
                .tools(new ReflectTools(calls, project, json).specifications())
                .build();
        Thread stop = new Thread(() -> {
            server.close();
            calls.close();
        }, "reflect-mcp-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        LOG.info("reflect mcp serving on stdio; default project {} (working directory {}), search timeout {} ms",
                project, workingDirectory, timeout.toMillis());
        try {
            ended.await();
            LOG.info("The client closed stdin; stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
            server.closeGracefully();
        } catch (IllegalStateException e) {
            LOG.debug("Already shutting down", e);
        } finally {
            calls.close();
        }
        return 0;
    }

    /** Counts the latch down when the stream ends or fails: the client is gone. */
    private static final class EndSignallingInput extends FilterInputStream {
        private final CountDownLatch ended;

        EndSignallingInput(InputStream in, CountDownLatch ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            return signal(() -> super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return signal(() -> super.read(b, off, len));
        }

        private int signal(IoRead read) throws IOException {
            try {
                int n = read.read();
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            } catch (IOException e) {
                ended.countDown();
                throw e;
            }
        }

        @FunctionalInterface
        private interface IoRead {
            int read() throws IOException;
        }
    }
}
