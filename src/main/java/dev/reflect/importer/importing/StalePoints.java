package dev.reflect.importer.importing;

/** Removes the points of chunks a rewritten conversation no longer has. */
public interface StalePoints {

    /** Deletes chunks {@code fromIndex} (inclusive) to {@code toIndex} (exclusive) of a conversation. */
    void deleteChunks(String collection, String conversationId, int fromIndex, int toIndex);
}
