package dev.reflect.importer.importing;

import dev.reflect.importer.privacy.ExcludedProjects;
import java.nio.file.Path;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

/** A poller's filter that also leaves out the excluded projects: their folders are not even walked. */
public final class ExcludingFilter<T> implements GenericFileFilter<T> {

    private final GenericFileFilter<T> filter;
    private final ExcludedProjects excluded;

    public ExcludingFilter(GenericFileFilter<T> filter, ExcludedProjects excluded) {
        this.filter = filter;
        this.excluded = excluded;
    }

    @Override
    public boolean accept(GenericFile<T> file) {
        return !excluded.excludes(Path.of(file.getAbsoluteFilePath())) && filter.accept(file);
    }
}
