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
 * fused by reciprocal rank: {@code sum of w / (k + rank)} (rank from 0, Qdrant's own RRF with k = 2), scaled so
 * that a chunk first in both lists scores 1.
 */
final class Fusion {

    private final double k;
    private final double bm25Weight;
    private final boolean serverSide;
    private final double saturation;
    private final double phraseWeight;

    Fusion(double k, double bm25Weight, boolean serverSide, double saturation, double phraseWeight) {
        this.phraseWeight = phraseWeight;
        this.k = k;
        this.bm25Weight = bm25Weight;
        this.serverSide = serverSide;
        this.saturation = saturation;
    }

    /** Experiment knobs (not settings yet): REFLECT_RRF_K, REFLECT_BM25_WEIGHT, REFLECT_FUSION=rrf|formula. */
    static Fusion fromEnvironment() {
        return new Fusion(Double.parseDouble(System.getenv().getOrDefault("REFLECT_RRF_K", "2")),
                Double.parseDouble(System.getenv().getOrDefault("REFLECT_BM25_WEIGHT", "1")),
                "formula".equals(System.getenv("REFLECT_FUSION")),
                Double.parseDouble(System.getenv().getOrDefault("REFLECT_BM25_SATURATION", "10")),
                Double.parseDouble(System.getenv().getOrDefault("REFLECT_PHRASE_WEIGHT", "1")));
    }

    boolean serverSide() {
        return serverSide;
    }

    double bm25Weight() {
        return bm25Weight;
    }

    double phraseWeight() {
        return phraseWeight;
    }

    double saturation() {
        return saturation;
    }

    List<SearchHit> fuse(SearchQuery.Mode mode, List<Rankings> rankings) {
        List<SearchHit> first = merged(rankings, Rankings::first);
        if (mode != SearchQuery.Mode.HYBRID || serverSide) {
            return first;
        }
        List<SearchHit> bm25 = merged(rankings, Rankings::bm25);
        List<SearchHit> phrase = merged(rankings, Rankings::phrase);
        Map<String, Double> scores = new HashMap<>();
        Map<String, SearchHit> hits = new LinkedHashMap<>();
        double scale = k / (1 + bm25Weight + (phrase.isEmpty() ? 0 : phraseWeight));
        add(first, 1.0, scale, scores, hits);
        add(bm25, bm25Weight, scale, scores, hits);
        add(phrase, phraseWeight, scale, scores, hits);
        List<SearchHit> fused = new ArrayList<>();
        hits.forEach((key, hit) -> fused.add(hit.withScore(scores.get(key))));
        fused.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        return fused;
    }

    private void add(List<SearchHit> ranking, double weight, double scale, Map<String, Double> scores,
            Map<String, SearchHit> hits) {
        for (int rank = 0; rank < ranking.size(); rank++) {
            SearchHit hit = ranking.get(rank);
            String key = hit.collection() + "/" + hit.id();
            hits.putIfAbsent(key, hit);
            scores.merge(key, scale * weight / (k + rank), Double::sum);
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
