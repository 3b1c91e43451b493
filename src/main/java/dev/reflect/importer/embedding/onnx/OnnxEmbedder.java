package dev.reflect.importer.embedding.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.EmbedderClosedException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 on ONNX Runtime: one session for the whole process, one text per call, mean pooling
 * over the attention mask and L2 normalisation (the same vectors as fastembed and sentence-transformers).
 *
 * <p>One intra-op thread per call (parallelism comes from the callers), sequential execution and no memory
 * pattern planning, so the session plans no buffers for the longest input it has seen; the CPU arena, when on,
 * keeps the blocks its runs used. Concurrent {@link #embed(String)} calls are safe: {@link OrtSession#run} and
 * the tokenizer are both thread-safe. {@link #embed(String)} sees a text's first {@code maxTokens} tokens (queries);
 * {@link #embedWindows(String, int)} cuts a longer text into windows of {@code maxTokens} tokens that overlap by
 * {@code overlap} tokens and embeds each (chunks, stored as a multivector).
 */
public final class OnnxEmbedder implements Embedder {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);

    static final int DIMENSION = 384;
    private static final String OUTPUT = "last_hidden_state";
    private static final long ENVIRONMENT_THREAD_STACK = 64L << 20;

    /** Default overlap of two windows, in tokens. */
    public static final int DEFAULT_OVERLAP = 32;

    private final WordPieceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    /**
     * Calls share the read lock, {@link #close()} takes the write lock: the session is native
     * memory, and closing it under a call still running (a worker finishing its chunk while Camel stops) would
     * free what that call is using. After close a call fails with a plain exception.
     */
    private final ReadWriteLock inUse = new ReentrantReadWriteLock();
    private boolean closed;
    private final int maxTokens;
    private final int overlap;

    public OnnxEmbedder(Path modelFile, Path tokenizerFile, int maxTokens) {
        this(modelFile, tokenizerFile, maxTokens, DEFAULT_OVERLAP, false);
    }

    public OnnxEmbedder(Path modelFile, Path tokenizerFile, int maxTokens, int overlap) {
        this(modelFile, tokenizerFile, maxTokens, overlap, false);
    }

    /**
     * With {@code cpuArena} ONNX Runtime keeps its CPU arena allocator (ONNX_CPU_ARENA: by default on under glibc,
     * off under jemalloc; off in the shorter constructors). The tensors of a run come from blocks the arena keeps, so
     * under glibc's 128 KiB mmap threshold (scripts/jvm-env.sh) nothing is mapped and unmapped per call: measured
     * (README, Memory) 2x faster there. Under jemalloc it gains no speed and holds ~15 MB more. A stop by signal
     * closes the model before ONNX Runtime's own shutdown hook frees its environment ({@link CloseOnSignal}): with
     * the arena on, that hook running under a call crashed the JVM.
     */
    public OnnxEmbedder(Path modelFile, Path tokenizerFile, int maxTokens, int overlap, boolean cpuArena) {
        if (maxTokens < 8) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS], [SEP] and text, was " + maxTokens);
        }
        if (overlap < 0 || overlap > (maxTokens - 2) / 2) {
            throw new IllegalArgumentException("overlap must be from 0 to half a window, was " + overlap);
        }
        this.maxTokens = maxTokens;
        this.overlap = overlap;
        this.tokenizer = WordPieceTokenizer.load(tokenizerFile);
        this.environment = sharedEnvironment();
        this.session = createSession(environment, modelFile, cpuArena);
        CloseOnSignal.register(this);
        LOG.info("Loaded ONNX model {} ({} MB), windows of {} tokens overlapping by {}, CPU arena {}",
                modelFile, modelFile.toFile().length() >> 20, maxTokens, overlap, cpuArena ? "on" : "off");
    }

    @Override
    public float[] embed(String text) {
        return whileOpen(() -> {
            long[] ids = tokenizer.encode(text);
            return run(ids.length <= maxTokens ? ids : window(ids, 0), text);
        });
    }

    @Override
    public Windows embedWindows(String text, int maxWindows) {
        return whileOpen(() -> windows(text, maxWindows));
    }

    private <T> T whileOpen(Supplier<T> call) {
        inUse.readLock().lock();
        try {
            if (closed) {
                throw new EmbedderClosedException("The ONNX model is closed (the importer is stopping)");
            }
            return call.get();
        } finally {
            inUse.readLock().unlock();
        }
    }

    private Windows windows(String text, int maxWindows) {
        long[] ids = tokenizer.encode(text);
        int content = Math.max(ids.length - 2, 0);
        int span = maxTokens - 2;
        int step = span - overlap;
        int total = content <= span ? 1 : 1 + (content - span + step - 1) / step;
        int count = Math.min(total, Math.max(maxWindows, 1));
        float[][] vectors = new float[count][];
        for (int w = 0; w < count; w++) {
            vectors[w] = run(total == 1 ? ids : window(ids, w * step), text);
        }
        return new Windows(vectors, total);
    }

    @Override
    public boolean windowed() {
        return true;
    }

    /** [CLS], up to {@code maxTokens - 2} tokens of the text from {@code start}, [SEP]. */
    private long[] window(long[] ids, int start) {
        int content = ids.length - 2;
        int length = Math.min(maxTokens - 2, content - start);
        long[] window = new long[length + 2];
        window[0] = ids[0];
        System.arraycopy(ids, 1 + start, window, 1, length);
        window[length + 1] = ids[ids.length - 1];
        return window;
    }

    private float[] run(long[] ids, String text) {
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1L);
        long[] types = new long[ids.length];
        long[] shape = {1, ids.length};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
                OnnxTensor typesTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape);
                OrtSession.Result result = session.run(
                        Map.of("input_ids", idsTensor, "attention_mask", maskTensor, "token_type_ids", typesTensor),
                        Set.of(OUTPUT))) {
            FloatBuffer hidden = ((OnnxTensor) result.get(OUTPUT).orElseThrow()).getFloatBuffer();
            return normalise(meanPool(hidden, mask));
        } catch (OrtException e) {
            throw new OnnxEmbeddingException("ONNX inference failed for a text of " + text.length()
                    + " chars (" + ids.length + " tokens)", e);
        }
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String provider() {
        return "local";
    }

    /** Number of tokens the model sees for {@code text} in {@link #embed(String)}, after truncation. */
    int tokenCount(String text) {
        return whileOpen(() -> Math.min(tokenizer.encode(text).length, maxTokens));
    }

    @Override
    public void close() {
        inUse.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            CloseOnSignal.unregister(this);
            session.close();
        } catch (OrtException e) {
            throw new OnnxEmbeddingException("Cannot close ONNX session", e);
        } finally {
            inUse.writeLock().unlock();
        }
    }

    /**
     * The process-wide environment; it belongs to ONNX Runtime, not to this bean, so it is never closed here.
     *
     * <p>ONNX Runtime 1.29 walks the process command line recursively while it creates the environment: a
     * command line over ~3 KB (a {@code -cp} listing the jars) overflows a default 1 MB Java stack and the
     * JVM dies with SIGSEGV and no hs_err file. So the environment is created on a thread with a large stack.
     */
    private static OrtEnvironment sharedEnvironment() {
        FutureTask<OrtEnvironment> creation = new FutureTask<>(OrtEnvironment::getEnvironment);
        new Thread(null, creation, "ort-environment", ENVIRONMENT_THREAD_STACK).start();
        try {
            return creation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnnxEmbeddingException("Interrupted while creating the ONNX Runtime environment", e);
        } catch (ExecutionException e) {
            throw new OnnxEmbeddingException("Cannot create the ONNX Runtime environment", e.getCause());
        }
    }

    private static OrtSession createSession(OrtEnvironment environment, Path modelFile, boolean cpuArena) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            environment.setTelemetry(false);
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setMemoryPatternOptimization(false);
            options.setCPUArenaAllocator(cpuArena);
            return environment.createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new OnnxEmbeddingException("Cannot load ONNX model " + modelFile, e);
        }
    }

    private static float[] meanPool(FloatBuffer hidden, long[] mask) {
        // Summed over the buffer's array, not value by value through FloatBuffer.get: ~100k values a window.
        float[] values;
        int base;
        if (hidden.hasArray()) {
            values = hidden.array();
            base = hidden.arrayOffset();
        } else {
            values = new float[hidden.limit()];
            hidden.get(0, values);
            base = 0;
        }
        float[] sum = new float[DIMENSION];
        int counted = 0;
        for (int token = 0; token < mask.length; token++) {
            if (mask[token] == 0) {
                continue;
            }
            counted++;
            int offset = base + token * DIMENSION;
            for (int d = 0; d < DIMENSION; d++) {
                sum[d] += values[offset + d];
            }
        }
        for (int d = 0; d < DIMENSION; d++) {
            sum[d] /= Math.max(counted, 1);
        }
        return sum;
    }

    private static float[] normalise(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += v * v;
        }
        double norm = Math.max(Math.sqrt(squares), 1e-12);
        for (int d = 0; d < vector.length; d++) {
            vector[d] = (float) (vector[d] / norm);
        }
        return vector;
    }
}
