package dev.reflect.importer.embedding.voyage;

import dev.reflect.importer.chunking.Chunk;
import dev.reflect.importer.routes.Priority;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers chunks into Voyage AI request batches: the body becomes the list of chunks and the property
 * {@value #TOKENS} their estimated tokens as sent (each cut to the model's context). The route completes
 * a batch by count ({@code voyage.batch-size}, at most 128), by {@link #isFull} (tokens), or by timeout.
 */
public final class VoyageBatches implements AggregationStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(VoyageBatches.class);

    /** Estimated tokens of the batch so far. */
    public static final String TOKENS = "voyageBatchTokens";

    private final Tokens tokens;
    private final int tokenBudget;

    /**
     * @param maxTokensPerText the model's context (32,000 for voyage-3-large)
     * @param tokenBudget      estimated tokens one request may carry (120,000 for voyage-3-large); at least
     *                         {@code maxTokensPerText}
     */
    public VoyageBatches(int maxTokensPerText, int tokenBudget) {
        if (tokenBudget < maxTokensPerText) {
            throw new IllegalArgumentException("A batch of " + tokenBudget + " tokens cannot hold a text of "
                    + maxTokensPerText + " tokens");
        }
        this.tokens = new Tokens(maxTokensPerText);
        this.tokenBudget = tokenBudget;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange batch, Exchange next) {
        Chunk chunk = next.getMessage().getBody(Chunk.class);
        int estimate = tokens.estimateSent(chunk.text());
        if (batch == null) {
            List<Chunk> chunks = new ArrayList<>();
            chunks.add(chunk);
            next.getMessage().setBody(chunks);
            next.setProperty(TOKENS, estimate);
            return next;
        }
        batch.getMessage().getBody(List.class).add(chunk);
        batch.setProperty(TOKENS, batch.getProperty(TOKENS, 0, Integer.class) + estimate);
        return batch;
    }

    /**
     * The completion predicate: true when another chunk as long as the context could take the batch over
     * the budget. A batch therefore never goes over it, at the cost of sending some batches below it (with
     * the defaults, from 88,000 estimated tokens; chunks of the corpus are ~250 tokens, so the count of 128
     * completes nearly every batch first).
     */
    public boolean isFull(@ExchangeProperty(TOKENS) Integer estimated) {
        return estimated != null && estimated > tokenBudget - tokens.maxTokens();
    }

    /**
     * The route's completion predicate: a batch goes out when {@link #isFull full}, and at once when it holds a
     * live session's chunk ({@link Priority#HOT}; live chunks are gathered apart from the backlog's, so they
     * never wait for a backlog batch to fill).
     */
    public boolean isReady(@ExchangeProperty(TOKENS) Integer estimated, @Header(Priority.HEADER) String priority) {
        return Priority.HOT.equals(priority) || isFull(estimated);
    }

    /** A batch the API found too large, as its two halves (the first one the larger when the count is odd). */
    public List<List<Chunk>> halves(@Body List<Chunk> batch) {
        if (batch.size() < 2) {
            return List.of(batch);
        }
        int middle = (batch.size() + 1) / 2;
        LOG.warn("Voyage AI found a batch of {} chunks too large; sending it again as two of {} and {}",
                batch.size(), middle, batch.size() - middle);
        return List.of(List.copyOf(batch.subList(0, middle)), List.copyOf(batch.subList(middle, batch.size())));
    }
}
