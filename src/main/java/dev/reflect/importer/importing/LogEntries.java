package dev.reflect.importer.importing;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which entries of the logs folder the file consumers may go on with, decided while they list it, before anything
 * opens a file: real folders (walked) and regular files named {@code *.jsonl}, directly or through a link to a
 * regular file. Everything else is skipped with one WARN per entry (again only if what is wrong with it changes):
 * FIFOs, devices and sockets (opening a FIFO blocks until someone writes to it), folders named {@code *.jsonl},
 * dangling links, link loops, and links to folders.
 *
 * <p>Links to folders are not followed at all. Claude Code makes none; a link to a folder can lead out of the logs
 * folder (files imported under a project they do not belong to) or back into it (the same files again, under the
 * wrong collection, or a walk without end), and camel-file's recursive listing keeps no trail to detect a cycle
 * with. Skipping them is the one rule that is right in every one of those cases. The logs folder itself may be a
 * link.
 *
 * <p>An entry that cannot be examined is skipped too: one entry never aborts a listing.
 */
public final class LogEntries<T> implements GenericFileFilter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(LogEntries.class);
    private static final String LOG_SUFFIX = ".jsonl";

    private final Map<String, String> warned = new ConcurrentHashMap<>();

    @Override
    public boolean accept(GenericFile<T> file) {
        if (!file.isDirectory() && !file.getFileNameOnly().endsWith(LOG_SUFFIX)) {
            return true; // not a log file: the consumer's include pattern passes it over, nothing to examine
        }
        String path = file.getAbsoluteFilePath();
        String problem = problemOf(Path.of(path));
        if (problem == null) {
            warned.remove(path);
            return true;
        }
        if (!problem.equals(warned.put(path, problem))) {
            LOG.warn("{} is {}: skipped", path, problem);
        }
        return false;
    }

    /** What keeps an entry from being walked or read as a log file, or null when nothing does. */
    static String problemOf(Path path) {
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null; // gone since the listing: nothing to skip, the consumer finds nothing there
        } catch (IOException e) {
            return "an entry that cannot be examined (" + e.getMessage() + ")";
        }
        if (own.isDirectory()) {
            return path.getFileName().toString().endsWith(LOG_SUFFIX) ? "a folder named like a log file" : null;
        }
        if (own.isRegularFile()) {
            return null;
        }
        if (!own.isSymbolicLink()) {
            return kindOf(path) + ", not a regular file";
        }
        BasicFileAttributes target;
        try {
            target = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return "a dangling symbolic link (to " + linkTarget(path) + ")";
        } catch (FileSystemException e) {
            return loop(e) ? "a symbolic link loop" : "a symbolic link that cannot be followed (" + e.getMessage() + ")";
        } catch (IOException e) {
            return "a symbolic link that cannot be followed (" + e.getMessage() + ")";
        }
        if (target.isRegularFile()) {
            return null;
        }
        if (target.isDirectory()) {
            return "a symbolic link to a folder (" + linkTarget(path) + "); links to folders are not followed";
        }
        return "a symbolic link to " + kindOf(path) + ", not to a regular file";
    }

    private static boolean loop(FileSystemException e) {
        return e.getReason() != null && e.getReason().toLowerCase(java.util.Locale.ROOT).contains("symbolic links");
    }

    /** FIFO, device or socket, from the file's mode where the platform tells it. */
    private static String kindOf(Path path) {
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file (FIFO, device or socket)";
        }
    }

    private static String linkTarget(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            return "unreadable target";
        }
    }
}
