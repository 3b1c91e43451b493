package dev.reflect.importer.search;

import static io.qdrant.client.ConditionFactory.datetimeRange;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchText;

import com.google.protobuf.Timestamp;
import dev.reflect.importer.qdrant.CollectionLayout;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.DatetimeRange;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.Document;
import io.qdrant.client.grpc.Points.QueryPoints;
import java.time.Instant;

/**
 * The Query API requests of one search in one collection, sent together in one call: the dense ranking (the
 * query's vector against every window of every chunk, max_sim), the BM25 ranking (Qdrant's own inference on the
 * query text) and the exact-words ranking (phrase match), each with the search's payload filters; and
 * claude-self-reflect's memory decay, {@code weight * exp(-age / scale)}, added to a fused score.
 */
final class HybridQueries {

    /** Each prefetch returns this many candidates (at least the page asked for). */
    static final int CANDIDATES = 50;

    private final double decayWeight;
    private final double decayScaleDays;

    HybridQueries(double decayWeight, double decayScaleDays) {
        this.decayWeight = decayWeight;
        this.decayScaleDays = decayScaleDays;
    }

    /** The dense ranking: the query's vector against every window of every chunk (max_sim). */
    QueryPoints dense(SearchQuery query, float[] vector) {
        return QueryPoints.newBuilder().setQuery(QueryFactory.nearest(vector)).setFilter(filter(query))
                .setLimit(candidates(query)).build();
    }

    /** The BM25 ranking: Qdrant's own inference on the query text, against the chunks' sparse vectors. */
    QueryPoints bm25(SearchQuery query) {
        return QueryPoints.newBuilder().setQuery(QueryFactory.nearest(bm25(query.text())))
                .setUsing(CollectionLayout.BM25).setFilter(filter(query)).setLimit(candidates(query)).build();
    }

    /**
     * The exact-words ranking: only chunks holding the query's words in this order (Qdrant's phrase match on the
     * text's full-text index), ordered by BM25. Empty for most questions; decisive for a pasted error message,
     * command or sentence.
     */
    QueryPoints phrase(SearchQuery query) {
        Filter filter = filter(query).toBuilder().addMust(io.qdrant.client.ConditionFactory.matchPhrase("text",
                query.text())).build();
        return QueryPoints.newBuilder().setQuery(QueryFactory.nearest(bm25(query.text())))
                .setUsing(CollectionLayout.BM25).setFilter(filter).setLimit(candidates(query)).build();
    }

    /** exp(-age / scale) of a chunk's timestamp, as the search's fused score takes it. */
    double decay(String timestamp, Instant now) {
        if (timestamp == null) {
            return 0;
        }
        try {
            double ageDays = Math.max(0, (now.toEpochMilli() - Instant.parse(timestamp).toEpochMilli()) / 86_400_000.0);
            return Math.exp(-ageDays / decayScaleDays);
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    double decayWeight() {
        return decayWeight;
    }

    double decayScaleDays() {
        return decayScaleDays;
    }

    private static int candidates(SearchQuery query) {
        return Math.max(CANDIDATES, query.offset() + query.limit());
    }

    private static Document bm25(String text) {
        return Document.newBuilder().setText(text).setModel(CollectionLayout.BM25_MODEL).build();
    }

    /** The query's filters on the payload: time range, file, concept. Empty when there are none. */
    static Filter filter(SearchQuery query) {
        Filter.Builder filter = Filter.newBuilder();
        if (query.after() != null || query.before() != null) {
            DatetimeRange.Builder range = DatetimeRange.newBuilder();
            if (query.after() != null) {
                range.setGte(timestamp(query.after()));
            }
            if (query.before() != null) {
                range.setLt(timestamp(query.before()));
            }
            filter.addMust(datetimeRange("timestamp", range.build()));
        }
        if (query.file() != null && !query.file().isBlank()) {
            String file = query.file().trim();
            filter.addMust(Condition.newBuilder().setFilter(Filter.newBuilder()
                    .addShould(matchText("files_analyzed", file))
                    .addShould(matchText("files_edited", file))).build());
        }
        if (query.concept() != null && !query.concept().isBlank()) {
            filter.addMust(matchKeyword("concepts", query.concept().trim().toLowerCase(java.util.Locale.ROOT)));
        }
        return filter.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
