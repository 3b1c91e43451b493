package dev.reflect.importer.bench;

import dev.reflect.importer.app.Embedders;
import dev.reflect.importer.app.SettingValues;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.onnx.BareModelBench;
import dev.reflect.importer.importing.RunStats;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bare model's rate on a logs folder's chunk texts, with the importer's settings (precision, windows,
 * workers as callers), for {@code reflect bench-memory --ratio}: the figure a whole {@code reflect import}
 * of the same folder is compared with. Prints one line; the first {@value RunStats#WARM_UP_CHUNKS} texts
 * warm the model up and are not counted.
 *
 * <pre>java -cp target/reflect-importer.jar dev.reflect.importer.bench.BareRate LOGS_DIR</pre>
 */
public final class BareRate {

    private BareRate() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Settings settings = Settings.from(SettingValues.applicationProperties(), System.getenv(), Map.of("importer.logs-dir", args[0]));
        List<String> texts = Bench.chunkTexts(settings.logsDir(), settings.chunkSize());
        try (Embedder embedder = Embedders.create(settings)) {
            BareModelBench.chunksPerMinute(embedder, texts.subList(0, RunStats.WARM_UP_CHUNKS), settings.workers(),
                    settings.embeddingWindows());
            List<String> measured = texts.subList(RunStats.WARM_UP_CHUNKS, texts.size());
            long start = System.nanoTime();
            double rate = BareModelBench.chunksPerMinute(embedder, measured, settings.workers(),
                    settings.embeddingWindows());
            System.out.printf(Locale.ROOT, "bare model: %.0f chunks/min (%d chunk texts in %.1f s, %d callers, %s, "
                    + "up to %d windows each)%n", rate, measured.size(), (System.nanoTime() - start) / 1e9,
                    settings.workers(), settings.embeddingPrecision().name().toLowerCase(Locale.ROOT),
                    settings.embeddingWindows());
        }
    }
}
