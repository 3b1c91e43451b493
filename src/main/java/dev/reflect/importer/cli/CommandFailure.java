package dev.reflect.importer.cli;

/**
 * A command could not do its job for a reason outside the command line (Qdrant unreachable, a failed start):
 * the process prints {@code reflect: } and the message, and ends with 1.
 */
public final class CommandFailure extends RuntimeException {

    public CommandFailure(String message) {
        super(message);
    }

    /** The message of the innermost cause: what went wrong, without the layers that passed it on. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
