package dev.reflect.importer.importing;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/**
 * Which of {@code watch}'s pollers takes a file, by its age: hot (modified within the hot window), warm
 * (within the warm window), cold (older); {@link Tier#ALL} takes every file ({@code import}).
 *
 * <p>One exception keeps the hot poller for live sessions: a file in the hot window that was never imported
 * and is already bigger than a session just begun ({@code newSessionBytes}) is a backlog, e.g. a logs folder
 * copied or restored a minute ago, and goes to the warm poller. Once imported, its growth is hot like any
 * other session's. Folders are walked by every poller.
 */
public final class TierFilter<T> implements GenericFileFilter<T> {

    public enum Tier { HOT, WARM, COLD, ALL }

    private final Tier tier;
    private final Duration hotWindow;
    private final Duration warmWindow;
    private final Predicate<String> imported;
    private final long newSessionBytes;
    private final GenericFileFilter<T> entries;
    private final Clock clock;

    /**
     * @param imported whether the state holds a file (by absolute path) for the current provider
     * @param entries  which entries may be walked or read at all ({@link LogEntries}, one shared by the pollers)
     */
    public TierFilter(Tier tier, Duration hotWindow, Duration warmWindow, Predicate<String> imported,
                      long newSessionBytes, GenericFileFilter<T> entries, Clock clock) {
        this.entries = entries;
        this.tier = tier;
        this.hotWindow = hotWindow;
        this.warmWindow = warmWindow;
        this.imported = imported;
        this.newSessionBytes = newSessionBytes;
        this.clock = clock;
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        return entries.accept(file) && (file.isDirectory() || tier == Tier.ALL || tierOf(file) == tier);
    }

    private Tier tierOf(GenericFile<T> file) {
        long age = clock.millis() - file.getLastModified();
        if (age < hotWindow.toMillis()) {
            boolean backlog = file.getFileLength() > newSessionBytes && !imported.test(file.getAbsoluteFilePath());
            return backlog ? Tier.WARM : Tier.HOT;
        }
        return age < warmWindow.toMillis() ? Tier.WARM : Tier.COLD;
    }
}
