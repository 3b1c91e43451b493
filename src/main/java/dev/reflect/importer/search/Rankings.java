package dev.reflect.importer.search;

import java.util.List;

/**
 * What one collection answered: its dense ranking and its BM25 ranking (null when the search asked for one
 * ranking only, or Qdrant fused them already), each best first.
 */
record Rankings(List<SearchHit> first, List<SearchHit> bm25) {
}
