package dev.reflect.importer.search;

import java.time.Instant;
import java.util.Objects;

/**
 * One search: the text to look for and what narrows it.
 *
 * @param text      what to look for (never blank)
 * @param limit     results to return, 1 to 100
 * @param offset    results to skip first (for "more results")
 * @param minScore  drop results scoring below this, or null
 * @param useDecay  rank newer conversations higher (claude-self-reflect's memory decay), or null for the setting
 * @param project   a normalised project name or a folder name under {@code ~/.claude/projects}; null or
 *                  {@code all} searches every project
 * @param file      only chunks that read or edited a file whose path ends with this, or null
 * @param concept   only chunks tagged with this concept, or null
 * @param after     only chunks from this instant on, or null
 * @param before    only chunks before this instant, or null
 * @param mode      how to rank: hybrid (default), dense vectors only, or BM25 only
 */
public record SearchQuery(String text, int limit, int offset, Double minScore, Boolean useDecay, String project,
        String file, String concept, Instant after, Instant before, Mode mode) {

    public static final int MAX_LIMIT = 100;

    /** How the dense and the BM25 results are combined. */
    public enum Mode { HYBRID, DENSE, BM25 }

    public SearchQuery {
        Objects.requireNonNull(mode, "mode");
        if (text == null || text.isBlank()) {
            throw new SearchException("The query is empty: give the words or the question to look for.");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new SearchException("limit must be from 1 to " + MAX_LIMIT + ", got " + limit + ".");
        }
        if (offset < 0) {
            throw new SearchException("offset must be 0 or more, got " + offset + ".");
        }
        if (after != null && before != null && !after.isBefore(before)) {
            throw new SearchException("The time range is empty: 'after' (" + after + ") is not before 'before' ("
                    + before + ").");
        }
    }

    /** A hybrid search of every project for {@code text}, best {@code limit} first. */
    public static SearchQuery of(String text, int limit) {
        return new SearchQuery(text, limit, 0, null, null, null, null, null, null, null, Mode.HYBRID);
    }

    public SearchQuery withProject(String newProject) {
        return new SearchQuery(text, limit, offset, minScore, useDecay, newProject, file, concept, after, before, mode);
    }

    public SearchQuery withMode(Mode newMode) {
        return new SearchQuery(text, limit, offset, minScore, useDecay, project, file, concept, after, before, newMode);
    }

    public SearchQuery withDecay(Boolean decay) {
        return new SearchQuery(text, limit, offset, minScore, decay, project, file, concept, after, before, mode);
    }

    public SearchQuery withFile(String newFile) {
        return new SearchQuery(text, limit, offset, minScore, useDecay, project, newFile, concept, after, before, mode);
    }

    public SearchQuery withTimeRange(Instant newAfter, Instant newBefore) {
        return new SearchQuery(text, limit, offset, minScore, useDecay, project, file, concept, newAfter, newBefore, mode);
    }

    /** True when every project is searched. */
    public boolean allProjects() {
        return project == null || project.isBlank() || project.equalsIgnoreCase("all");
    }
}
