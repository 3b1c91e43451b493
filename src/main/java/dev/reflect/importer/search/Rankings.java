package dev.reflect.importer.search;

import java.util.List;

/**
 * What one collection answered, each ranking best first: the dense one (or the only one, when the search asked
 * for one ranking or Qdrant fused them), the BM25 one and the exact-words one (null when not asked for).
 */
record Rankings(List<SearchHit> first, List<SearchHit> bm25, List<SearchHit> phrase) {

    Rankings(List<SearchHit> first, List<SearchHit> bm25) {
        this(first, bm25, null);
    }
}
