package dev.reflect.importer.search;

import java.util.List;

/**
 * Finding past conversations: the one search code path of {@code reflect search} and {@code reflect mcp}.
 * Thread-safe; made once per process (the model and the Qdrant client load once).
 */
public interface Search extends AutoCloseable {

    /**
     * The best chunks and reflections for the query, best first, merged across the collections it covers.
     *
     * @throws SearchException when the project is unknown or Qdrant cannot be reached / times out
     */
    List<SearchHit> search(SearchQuery query);

    /**
     * Stores a reflection (an insight to find again later) in the reflections collection, where every search
     * finds it too.
     *
     * @param project the normalised project it belongs to, or null
     * @return the stored reflection's id
     */
    java.util.UUID storeReflection(String content, List<String> tags, String project);

    @Override
    void close();
}
