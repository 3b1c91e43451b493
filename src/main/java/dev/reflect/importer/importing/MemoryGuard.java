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
 *
 * <p>A paused importer only finishes what it has in flight, so its memory can stay above 60 % for good when
 * the limit is too low for the process at rest (a JVM seldom gives memory back). The guard never stalls the
 * import for that: after {@link #STALL_MILLIS} paused it asks for a garbage collection once, and if memory
 * is still high a little later it resumes, says so with the figures, and from then on pauses only when
 * memory grows {@link #REGROWTH} above that resting level.
 */
public final class MemoryGuard {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryGuard.class);
    static final double PAUSE_AT = 0.8;
    static final double RESUME_AT = 0.6;
    static final long STALL_MILLIS = 60_000;
    static final long AFTER_GC_MILLIS = 5_000;
    static final double REGROWTH = 1.2;

    /** What the routes should do after a check. */
    public enum Action { PAUSE, RESUME, NONE }

    private final long limitBytes;
    private final LongSupplier residentBytes;
    private final LongSupplier clockMillis;
    private final Runnable collectGarbage;
    private long pauseAboveBytes;
    private volatile boolean paused;
    private long pausedAt;
    private long collectedAt = -1;

    public MemoryGuard(long limitMegabytes, LongSupplier residentBytes) {
        this(limitMegabytes, residentBytes, System::currentTimeMillis, System::gc);
    }

    MemoryGuard(long limitMegabytes, LongSupplier residentBytes, LongSupplier clockMillis, Runnable collectGarbage) {
        this.limitBytes = limitMegabytes * 1024 * 1024;
        this.residentBytes = residentBytes;
        this.clockMillis = clockMillis;
        this.collectGarbage = collectGarbage;
        this.pauseAboveBytes = (long) (PAUSE_AT * limitBytes);
    }

    public synchronized Action check() {
        if (limitBytes <= 0) {
            return Action.NONE;
        }
        long rss = residentBytes.getAsLong();
        long now = clockMillis.getAsLong();
        if (!paused) {
            if (rss > pauseAboveBytes) {
                paused = true;
                pausedAt = now;
                collectedAt = -1;
                LOG.warn("Memory guard: resident memory {} MB is over {} MB ({} % of OPERATIONAL_MEMORY_MB {} MB); "
                        + "pausing the pollers until it is below {} %", rss >> 20, pauseAboveBytes >> 20,
                        Math.round(100.0 * pauseAboveBytes / limitBytes), limitBytes >> 20, Math.round(RESUME_AT * 100));
                return Action.PAUSE;
            }
            return Action.NONE;
        }
        if (rss < RESUME_AT * limitBytes) {
            paused = false;
            LOG.info("Memory guard: resident memory {} MB is below {} % of {} MB; resuming the pollers",
                    rss >> 20, Math.round(RESUME_AT * 100), limitBytes >> 20);
            return Action.RESUME;
        }
        if (now - pausedAt >= STALL_MILLIS && collectedAt < 0) {
            collectedAt = now;
            collectGarbage.run();
            return Action.NONE;
        }
        if (collectedAt >= 0 && now - collectedAt >= AFTER_GC_MILLIS) {
            paused = false;
            pauseAboveBytes = Math.max(pauseAboveBytes, (long) (rss * REGROWTH));
            LOG.warn("Memory guard: resident memory stays at {} MB after {} s paused with the work in flight done, "
                    + "over {} % of OPERATIONAL_MEMORY_MB {} MB: the limit is too low for this process at rest. "
                    + "Resuming; the pollers pause again above {} MB. Raise OPERATIONAL_MEMORY_MB or give the JVM "
                    + "a smaller heap.", rss >> 20, (now - pausedAt) / 1000, Math.round(RESUME_AT * 100),
                    limitBytes >> 20, pauseAboveBytes >> 20);
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
