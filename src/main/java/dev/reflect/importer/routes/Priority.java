package dev.reflect.importer.routes;

/**
 * How urgent a file's chunks are: the header the pollers set on every exchange of a file, and its values.
 * The routes refer to the values as {@code ${type:dev.reflect.importer.routes.Priority.HOT}}; Java refers to
 * these fields. A live session's chunks ({@link #HOT}) have a queue and worker of their own, are not
 * throttled and do not wait for a batch to fill; everything else is {@link #BACKLOG}.
 */
public final class Priority {

    /** The header's name. */
    public static final String HEADER = "importPriority";

    /** A file of a live session (the hot poller's). */
    public static final String HOT = "hot";

    /** Any other file (the warm and cold pollers', and {@code reflect import}'s). */
    public static final String BACKLOG = "backlog";

    private Priority() {
    }
}
