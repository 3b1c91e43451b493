package dev.reflect.importer.search;

import static io.qdrant.client.ConditionFactory.datetimeRange;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchText;

import com.google.protobuf.Timestamp;
import dev.reflect.importer.qdrant.CollectionLayout;
import io.qdrant.client.ExpressionFactory;
import io.qdrant.client.QueryFactory;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.DatetimeRange;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.DecayParamsExpression;
import io.qdrant.client.grpc.Points.Document;
import io.qdrant.client.grpc.Points.Formula;
import io.qdrant.client.grpc.Points.Fusion;
import io.qdrant.client.grpc.Points.MultExpression;
import io.qdrant.client.grpc.Points.PrefetchQuery;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.SumExpression;
import java.time.Instant;

/**
 * The Query API request of one search in one collection: a dense prefetch (the query's vector against every
 * window of every chunk, max_sim) and a BM25 prefetch (Qdrant's own inference on the query text), fused by
 * reciprocal rank fusion; optionally re-scored with claude-self-reflect's memory decay,
 * {@code score + weight * exp_decay(age, scale)}, by Qdrant's formula query. Plain Java over Qdrant's types.
 */
final class HybridQueries {

    /** Each prefetch returns this many candidates (at least the page asked for). */
    static final int CANDIDATES = 50;
    /** exp_decay is worth this at an age of one scale, so that decay(age) = exp(-age / scale). */
    private static final float MIDPOINT = (float) Math.exp(-1);

    private final double decayWeight;
    private final double decayScaleDays;

    HybridQueries(double decayWeight, double decayScaleDays) {
        this.decayWeight = decayWeight;
        this.decayScaleDays = decayScaleDays;
    }

    /**
     * @param vector the query's dense vector (null in BM25 mode)
     * @param layout the collection's layout; a collection without BM25 (before its upgrade) is searched dense only
     * @param now    the instant ages are measured from
     */
    QueryPoints build(String collection, CollectionLayout layout, SearchQuery query, float[] vector, Instant now,
            boolean decay) {
        int wanted = query.offset() + query.limit();
        int candidates = Math.max(CANDIDATES, wanted);
        Filter filter = filter(query);
        SearchQuery.Mode mode = layout.bm25() ? query.mode() : SearchQuery.Mode.DENSE;
        PrefetchQuery.Builder ranked = PrefetchQuery.newBuilder().setLimit(candidates);
        switch (mode) {
            case DENSE -> ranked.setQuery(QueryFactory.nearest(vector)).setFilter(filter);
            case BM25 -> ranked.setQuery(QueryFactory.nearest(bm25(query.text()))).setUsing(CollectionLayout.BM25)
                    .setFilter(filter);
            case HYBRID -> ranked
                    .addPrefetch(PrefetchQuery.newBuilder().setQuery(QueryFactory.nearest(vector))
                            .setFilter(filter).setLimit(candidates))
                    .addPrefetch(PrefetchQuery.newBuilder().setQuery(QueryFactory.nearest(bm25(query.text())))
                            .setUsing(CollectionLayout.BM25).setFilter(filter).setLimit(candidates))
                    .setQuery(QueryFactory.fusion(Fusion.RRF));
            default -> throw new IllegalStateException("Unknown mode " + mode);
        }
        QueryPoints.Builder request = QueryPoints.newBuilder().setCollectionName(collection).setLimit(wanted);
        if (decay) {
            return request.addPrefetch(ranked).setQuery(decayed(now)).build();
        }
        // Without decay the ranked prefetch is the query itself.
        PrefetchQuery built = ranked.build();
        request.setQuery(built.getQuery()).addAllPrefetch(built.getPrefetchList());
        if (built.hasUsing()) {
            request.setUsing(built.getUsing());
        }
        if (built.hasFilter()) {
            request.setFilter(built.getFilter());
        }
        return request.build();
    }

    private static Document bm25(String text) {
        return Document.newBuilder().setText(text).setModel(CollectionLayout.BM25_MODEL).build();
    }

    /** {@code $score + weight * exp(-age / scale)} on the chunk's {@code timestamp}. */
    private Query decayed(Instant now) {
        DecayParamsExpression params = DecayParamsExpression.newBuilder()
                .setX(ExpressionFactory.datetimeKey("timestamp"))
                .setTarget(ExpressionFactory.datetime(now.toString()))
                .setScale((float) (decayScaleDays * 86_400))
                .setMidpoint(MIDPOINT)
                .build();
        return QueryFactory.formula(Formula.newBuilder()
                .setExpression(ExpressionFactory.sum(SumExpression.newBuilder()
                        .addSum(ExpressionFactory.variable("$score"))
                        .addSum(ExpressionFactory.mult(MultExpression.newBuilder()
                                .addMult(ExpressionFactory.constant((float) decayWeight))
                                .addMult(ExpressionFactory.expDecay(params)).build())).build()))
                .putDefaults("timestamp", io.qdrant.client.ValueFactory.value("1970-01-01T00:00:00Z"))
                .build());
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
