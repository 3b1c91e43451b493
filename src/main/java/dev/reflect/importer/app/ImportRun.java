package dev.reflect.importer.app;

import dev.reflect.importer.importing.RunStats;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * The poll route's poll strategy: it tells the command line when a whole pass over the logs folder is
 * done (every file found was imported or failed), so {@code reflect import} can stop after one pass.
 */
public final class ImportRun implements PollingConsumerPollStrategy {

    private static final long FILES_IN_FLIGHT_LOOK_MS = 20;

    private final RunStats stats;
    private final CountDownLatch firstPass = new CountDownLatch(1);

    public ImportRun(RunStats stats) {
        this.stats = stats;
    }

    public RunStats stats() {
        return stats;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return stats.fatal() == null;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        firstPass.countDown();
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        firstPass.countDown();
        return false;
    }

    /**
     * Waits until one pass is done (every file found was read and its chunks stored or given up) or the
     * run cannot go on; true when the pass finished.
     */
    public boolean awaitFirstPass(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < deadline) {
            // Once the pass is read the latch is open and await returns at once: the wait for the files still
            // in the workers sleeps between looks (a loop without it kept a core busy while they embedded).
            if (firstPass.await(100, TimeUnit.MILLISECONDS)) {
                if (stats.filesInFlight() == 0) {
                    return true;
                }
                TimeUnit.MILLISECONDS.sleep(FILES_IN_FLIGHT_LOOK_MS);
            }
            if (stats.fatal() != null) {
                return false;
            }
        }
        return false;
    }
}
