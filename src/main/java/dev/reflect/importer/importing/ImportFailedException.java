package dev.reflect.importer.importing;

/** A file's import did not complete; its progress was not recorded and a later pass tries again. */
public class ImportFailedException extends RuntimeException {

    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
