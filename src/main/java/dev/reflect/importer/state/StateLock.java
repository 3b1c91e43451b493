package dev.reflect.importer.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One importer per state file: an OS lock on {@code <state file>.lock}, beside it, held for as long as the importer
 * runs. The lock file holds the pid of the process that holds it, so a second importer can say whose it is. The OS
 * drops the lock when its process dies, however it dies: a lock file left by a killed importer does not block.
 * The lock file itself is never deleted (deleting it would let two processes lock two different files).
 *
 * <p>Taking the lock is also the start-up check that the state folder is writable: it creates the folder, the lock
 * file and this process's temp file there before anything is embedded.
 */
public final class StateLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateLock.class);

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a state file. */
    public static Path lockFileOf(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".lock");
    }

    /**
     * Takes the lock of a state file, or fails at once.
     *
     * @throws StateFileException when another process (or another importer in this one) holds it, or the state
     *                            folder cannot be written; the message names the file, the holder and the fix
     */
    public static StateLock acquire(Path stateFile) {
        Path state = stateFile.toAbsolutePath();
        Path folder = state.getParent();
        Path lockFile = lockFileOf(state);
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, lockFile, state);
            StateLock taken = new StateLock(lockFile, channel, lock);
            taken.writePid();
            removeLeftoverTempFiles(state);
            probe(state);
            return taken;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StateFileException("The state folder " + folder + " is not writable ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); nothing was imported. Make it writable, "
                    + "or set STATE_FILE to a file in a folder this user can write.", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path lockFile, Path state) throws IOException {
        FileLock lock;
        String holder;
        try {
            lock = channel.tryLock();
            holder = lock == null ? holderOf(channel) : null;
        } catch (OverlappingFileLockException e) {
            lock = null;
            holder = "another importer in this process, pid " + ProcessHandle.current().pid();
        }
        if (lock == null) {
            throw new StateFileException("Another importer is using the state file " + state + " (" + holder
                    + "): it holds the lock file " + lockFile + ". Stop that process first, or give this one a "
                    + "STATE_FILE of its own.", null);
        }
        return lock;
    }

    private static String holderOf(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
        if (!pid.matches("\\d+")) {
            return "process id unknown";
        }
        String command = ProcessHandle.of(Long.parseLong(pid)).flatMap(p -> p.info().commandLine())
                .map(c -> ": " + (c.length() > 120 ? c.substring(0, 120) + "…" : c)).orElse("");
        return "pid " + pid + command;
    }

    private void writePid() throws IOException {
        ByteBuffer pid = ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
        channel.truncate(0);
        while (pid.hasRemaining()) {
            channel.write(pid, channel.size());
        }
        channel.force(true);
    }

    /**
     * Temp files of importers that were killed while they wrote the state (ours are {@code <name>.<pid>.tmp}). No
     * other importer writes while we hold the lock, so they can go.
     */
    private static void removeLeftoverTempFiles(Path state) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(state.getFileName().toString()) + "\\.\\d+\\.tmp");
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(state.getParent(),
                p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path temp : temps) {
                LOG.info("Removing {}, left by an importer that stopped while writing the state", temp);
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Creates and removes this process's temp file: the state can be written there, checked before any work. */
    private static void probe(Path state) throws IOException {
        Path temp = StateFileWriter.tempFileOf(state);
        Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        Files.delete(temp);
    }

    public Path file() {
        return file;
    }

    /** Releases the lock (the lock file stays). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Closing a lock file failed", e);
        }
    }
}
