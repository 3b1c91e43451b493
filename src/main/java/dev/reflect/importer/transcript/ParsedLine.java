package dev.reflect.importer.transcript;

import java.util.List;

/**
 * What one line gave: its messages, and how many records on it were not messages (skipped quietly).
 */
public record ParsedLine(Line line, List<Message> messages, int skippedRecords) {
}
