package dev.reflect.importer.state;

/** The state file cannot be read or written; the message says which file and what to do. */
public class StateFileException extends RuntimeException {

    public StateFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
