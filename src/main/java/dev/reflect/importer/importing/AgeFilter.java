package dev.reflect.importer.importing;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Lets a poller see only the log files last modified within an age window (folders always pass, so the
 * poller still walks into them): hot is [0, hot window), warm [hot window, warm window), cold the rest.
 */
public final class AgeFilter<T> implements GenericFileFilter<T> {

    private final Duration youngest;
    private final Duration oldest;
    private final Clock clock;

    /** Files at least {@code youngest} and less than {@code oldest} old ({@code null}: no upper bound). */
    public AgeFilter(Duration youngest, Duration oldest, Clock clock) {
        this.youngest = youngest;
        this.oldest = oldest;
        this.clock = clock;
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        if (file.isDirectory()) {
            return true;
        }
        long age = clock.millis() - file.getLastModified();
        return age >= youngest.toMillis() && (oldest == null || age < oldest.toMillis());
    }
}
