package dev.reflect.importer.embedding.voyage;

import static dev.reflect.importer.embedding.voyage.VoyageEmbeddingsTest.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reflect.importer.chunking.Chunk;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class VoyageBatchesTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @Test
    void should_gather_chunks_into_a_list_counting_tokens_as_characters_over_3_rounded_up() {
        VoyageBatches batches = new VoyageBatches(100, 1000);
        Exchange batch = batches.aggregate(null, exchange(chunk("abcd")));          // "USER: abcd" = 10 chars -> 4
        batch = batches.aggregate(batch, exchange(chunk("x".repeat(994))));           // 1000 chars -> 334, cut to 100

        assertThat(batch.getMessage().getBody(List.class)).hasSize(2);
        assertThat(batch.getProperty(VoyageBatches.TOKENS, Integer.class)).isEqualTo(104);
    }

    @Test
    void should_be_full_when_one_more_text_of_the_whole_context_could_pass_the_budget() {
        VoyageBatches batches = new VoyageBatches(32_000, 120_000);

        assertThat(batches.isFull(88_000)).isFalse();
        assertThat(batches.isFull(88_001)).isTrue();
        assertThat(batches.isFull(null)).isFalse();
    }

    @Test
    void should_send_a_live_sessions_batch_at_once_and_a_backlog_batch_when_full() {
        VoyageBatches batches = new VoyageBatches(32_000, 120_000);

        assertThat(batches.isReady(12, "hot")).isTrue();
        assertThat(batches.isReady(12, "backlog")).isFalse();
        assertThat(batches.isReady(88_001, "backlog")).isTrue();
    }

    @Test
    void should_halve_a_batch_larger_half_first() {
        List<Chunk> five = List.of(chunk("1"), chunk("2"), chunk("3"), chunk("4"), chunk("5"));

        List<List<Chunk>> halves = new VoyageBatches(100, 1000).halves(five);

        assertThat(halves).extracting(List::size).containsExactly(3, 2);
        assertThat(halves.get(0).get(0)).isSameAs(five.get(0));
    }

    @Test
    void should_cut_a_text_to_the_context_without_splitting_a_surrogate_pair() {
        Tokens tokens = new Tokens(2);
        assertThat(tokens.truncate("abcdef")).isEqualTo("abcdef");
        assertThat(tokens.truncate("abcde\uD83D\uDE00gh")).isEqualTo("abcde");
        assertThat(Tokens.estimate("abcdefg")).isEqualTo(3);
    }

    private Exchange exchange(Chunk chunk) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(chunk);
        return exchange;
    }
}
