package dev.reflect.importer.app;

/** A setting has a value we cannot use; the message names the variable. Start-up stops. */
public class SettingsException extends RuntimeException {

    public SettingsException(String message) {
        super(message);
    }
}
