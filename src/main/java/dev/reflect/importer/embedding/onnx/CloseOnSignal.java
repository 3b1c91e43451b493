package dev.reflect.importer.embedding.onnx;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Closes the open ONNX models when SIGTERM, SIGINT or SIGHUP arrives, before the JVM's shutdown hooks run.
 *
 * <p>ONNX Runtime's {@code OrtEnvironment} registers a shutdown hook that frees the native environment. On a
 * signal the JVM starts every hook at once, so that one ran beside Camel's stop while a worker was still inside
 * {@code OrtSession.run}, and the JVM died with SIGSEGV (README, Memory). This handler runs first: it closes each
 * model (which waits for the calls in flight and makes later calls fail, so their files record nothing and are read
 * again), then passes the signal to the handler it replaced, the JVM's, which starts the shutdown as before.
 * A signal the JVM does not handle (ignored, or {@code -Xrs}) is left as it was.
 */
final class CloseOnSignal {

    private static final Logger LOG = LoggerFactory.getLogger(CloseOnSignal.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private CloseOnSignal() {
    }

    static void register(AutoCloseable model) {
        OPEN.add(model);
        if (INSTALLED.compareAndSet(false, true)) {
            SIGNALS.forEach(CloseOnSignal::install);
        }
    }

    static void unregister(AutoCloseable model) {
        OPEN.remove(model);
    }

    private static void install(String name) {
        try {
            Signal signal = new Signal(name);
            ClosingFirst handler = new ClosingFirst();
            handler.replaced = Signal.handle(signal, handler);
            if (handler.replaced == SignalHandler.SIG_IGN || handler.replaced == SignalHandler.SIG_DFL) {
                Signal.handle(signal, handler.replaced);
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("SIG{} is not available to the JVM: the model is closed by the importer's stop only", name);
        }
    }

    /** Closes the models, then hands the signal on to the handler it replaced. */
    private static final class ClosingFirst implements SignalHandler {
        private volatile SignalHandler replaced;

        @Override
        public void handle(Signal signal) {
            closeAll();
            replaced.handle(signal);
        }
    }

    private static void closeAll() {
        for (AutoCloseable model : List.copyOf(OPEN)) {
            try {
                model.close();
            } catch (Exception e) {
                LOG.warn("Cannot close the ONNX model before stopping: {}", e.getMessage());
            }
        }
    }
}
