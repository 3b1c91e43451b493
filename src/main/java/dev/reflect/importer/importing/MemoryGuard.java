package dev.reflect.importer.importing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses consuming when the process's resident memory passes 80 % of the operational limit and resumes it
 * below 60 %, each change logged once. A limit of 0 turns the guard off.
 */
public final class MemoryGuard {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryGuard.class);
    static final double PAUSE_AT = 0.8;
    static final double RESUME_AT = 0.6;

    /** What the routes should do after a check. */
    public enum Action { PAUSE, RESUME, NONE }

    private final long limitBytes;
    private final LongSupplier residentBytes;
    private volatile boolean paused;

    public MemoryGuard(long limitMegabytes, LongSupplier residentBytes) {
        this.limitBytes = limitMegabytes * 1024 * 1024;
        this.residentBytes = residentBytes;
    }

    public Action check() {
        if (limitBytes <= 0) {
            return Action.NONE;
        }
        long rss = residentBytes.getAsLong();
        if (!paused && rss > PAUSE_AT * limitBytes) {
            paused = true;
            LOG.warn("Memory guard: resident memory {} MB is over {} % of {} MB; pausing the pollers until it is below {} %",
                    rss >> 20, Math.round(PAUSE_AT * 100), limitBytes >> 20, Math.round(RESUME_AT * 100));
            return Action.PAUSE;
        }
        if (paused && rss < RESUME_AT * limitBytes) {
            paused = false;
            LOG.info("Memory guard: resident memory {} MB is below {} % of {} MB; resuming the pollers",
                    rss >> 20, Math.round(RESUME_AT * 100), limitBytes >> 20);
            return Action.RESUME;
        }
        return Action.NONE;
    }

    public boolean paused() {
        return paused;
    }

    /** This process's resident set size from /proc/self/status (0 where there is no /proc). */
    public static long processResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("Cannot read the resident set size: {}", e.getMessage());
        }
        return 0;
    }
}
