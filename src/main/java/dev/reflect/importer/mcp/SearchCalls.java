package dev.reflect.importer.mcp;

import dev.reflect.importer.search.Search;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one {@link Search}, opened once in the background (the model loads while the client initialises),
 * and every call on it bounded by the search timeout: a Qdrant that is slow or gone costs a tool call its answer,
 * never a hung server.
 */
final class SearchCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchCalls.class);
    /** Loading the model the first time (extracting it from the jar) can take a while on a busy machine. */
    private static final Duration OPENING_TIMEOUT = Duration.ofSeconds(60);

    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "reflect-mcp-search");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Search> opening;
    private final Duration timeout;

    /**
     * @param opener  makes the search (loads the model, makes the Qdrant client); run once, in the background
     * @param timeout how long one call may take (SEARCH_TIMEOUT_MS)
     */
    SearchCalls(java.util.function.Supplier<Search> opener, Duration timeout) {
        this.timeout = timeout;
        this.opening = CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            Search search = opener.get();
            LOG.info("Search ready in {} ms", (System.nanoTime() - started) / 1_000_000);
            return search;
        }, workers);
    }

    /** Runs {@code call} on the search, waiting for it to be open, within the timeout. */
    <T> T run(String action, Function<Search, T> call) {
        Search search = awaitOpen();
        Future<T> future = workers.submit(() -> call.apply(search));
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ToolException("The " + action + " did not finish within " + timeout.toMillis() + " ms: Qdrant is "
                    + "slow or not answering. Try again; the limit is SEARCH_TIMEOUT_MS.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ToolException("The " + action + " failed: " + ReflectTools.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new ToolException("The " + action + " was interrupted (the server is stopping).", e);
        }
    }

    private Search awaitOpen() {
        try {
            return opening.get(OPENING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ToolException("The search is still starting (loading the model) after " + OPENING_TIMEOUT.toSeconds()
                    + " s; try again in a moment.");
        } catch (ExecutionException e) {
            throw new ToolException("The search could not start: " + ReflectTools.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted while the search was starting (the server is stopping).", e);
        }
    }

    /** Warms the model and the Qdrant connection with one search, so the first real call is as fast as the rest. */
    void warmUp(Function<Search, ?> call) {
        opening.thenAcceptAsync(search -> {
            try {
                call.apply(search);
                LOG.debug("Warm-up search done");
            } catch (RuntimeException e) {
                LOG.info("Warm-up search failed (tool calls will report it): {}", ReflectTools.rootMessage(e));
            }
        }, workers);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        opening.thenAccept(Search::close);
    }
}
