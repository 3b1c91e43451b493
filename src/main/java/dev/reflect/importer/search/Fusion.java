package dev.reflect.importer.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the rankings of every collection a search covers become one list. Scores of different collections must
 * compare, and a rank fusion per collection gives every collection's best chunk the same score; so the dense
 * rankings of all collections are merged by cosine, the BM25 rankings by BM25 score, and the two merged lists are
 * fused by reciprocal rank with the exact-words ranking (chunks holding the query's words in order):
 * {@code sum of w / (k + rank)} (rank from 0, Qdrant's own RRF with k = 2), scaled so that a chunk first in every
 * list scores 1. Qdrant fuses within one collection only, so this last step is ours.
 */
public final class Fusion {

    /** Qdrant's own RRF constant (ranks from 0). */
    static final double K = 2;

    private final double bm25Weight;
    private final double phraseWeight;

    private Fusion(double bm25Weight, double phraseWeight) {
        this.bm25Weight = bm25Weight;
        this.phraseWeight = phraseWeight;
    }

    /** Dense, BM25 and exact words, each with weight 1: the default, chosen by {@code reflect bench-search}. */
    public static Fusion standard() {
        return new Fusion(1, 1);
    }

    /** Dense and BM25 only, without the exact-words ranking (for comparison in the benchmark). */
    public static Fusion withoutPhrases() {
        return new Fusion(1, 0);
    }

    boolean phrases() {
        return phraseWeight > 0;
    }

    List<SearchHit> fuse(SearchQuery.Mode mode, List<Rankings> rankings) {
        List<SearchHit> first = merged(rankings, Rankings::first);
        if (mode != SearchQuery.Mode.HYBRID) {
            return first;
        }
        List<SearchHit> bm25 = merged(rankings, Rankings::bm25);
        List<SearchHit> phrase = merged(rankings, Rankings::phrase);
        Map<String, Double> scores = new HashMap<>();
        Map<String, SearchHit> hits = new LinkedHashMap<>();
        double scale = K / (1 + bm25Weight + (phrase.isEmpty() ? 0 : phraseWeight));
        add(first, 1.0, scale, scores, hits);
        add(bm25, bm25Weight, scale, scores, hits);
        add(phrase, phraseWeight, scale, scores, hits);
        List<SearchHit> fused = new ArrayList<>();
        hits.forEach((key, hit) -> fused.add(hit.withScore(scores.get(key))));
        fused.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        return fused;
    }

    private static void add(List<SearchHit> ranking, double weight, double scale, Map<String, Double> scores,
            Map<String, SearchHit> hits) {
        for (int rank = 0; rank < ranking.size(); rank++) {
            SearchHit hit = ranking.get(rank);
            String key = hit.collection() + "/" + hit.id();
            hits.putIfAbsent(key, hit);
            scores.merge(key, scale * weight / (K + rank), Double::sum);
        }
    }

    private static List<SearchHit> merged(List<Rankings> rankings,
            java.util.function.Function<Rankings, List<SearchHit>> ranking) {
        List<SearchHit> all = new ArrayList<>();
        for (Rankings r : rankings) {
            List<SearchHit> list = ranking.apply(r);
            if (list != null) {
                all.addAll(list);
            }
        }
        all.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        return all;
    }
}
