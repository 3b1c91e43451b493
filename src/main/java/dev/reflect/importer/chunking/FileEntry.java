package dev.reflect.importer.chunking;

/**
 * The handle a chunk carries to its file's entry in the import's ledger, so that whoever stores the chunk can
 * report it without looking the file up again by its path (the importer's {@code FileImport} is one).
 */
public interface FileEntry {

    /** The file, as the logs name it. */
    String path();
}
