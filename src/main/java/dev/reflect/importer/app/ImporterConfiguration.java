package dev.reflect.importer.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.embedding.ChunkEmbedder;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.embedding.voyage.VoyageBatches;
import dev.reflect.importer.embedding.voyage.VoyageEmbeddings;
import dev.reflect.importer.importing.TierFilter;
import dev.reflect.importer.importing.TierFilter.Tier;
import dev.reflect.importer.importing.DeadLetters;
import dev.reflect.importer.importing.LogEntries;
import dev.reflect.importer.importing.MemoryGuard;
import dev.reflect.importer.importing.Progress;
import dev.reflect.importer.metrics.LogsBacklog;
import dev.reflect.importer.routes.PollRoutes;
import dev.reflect.importer.importing.FileReader;
import dev.reflect.importer.importing.Ledger;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.metrics.ImportMetrics;
import dev.reflect.importer.ops.ManagementEndpoints;
import dev.reflect.importer.ops.Observability;
import dev.reflect.importer.privacy.ExcludedProjects;
import dev.reflect.importer.privacy.Redactor;
import dev.reflect.importer.importing.ExcludingFilter;
import dev.reflect.importer.qdrant.ChunkStore;
import dev.reflect.importer.qdrant.QdrantAccessException;
import dev.reflect.importer.qdrant.QdrantException;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.upgrade.LayoutUpgrade;
import dev.reflect.importer.routes.RetryAfter;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateLock;
import dev.reflect.importer.state.StateRepository;
import dev.reflect.importer.transcript.TranscriptParser;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the importer's beans, made once from the checked {@link Settings}. The routes under {@code routes/}
 * refer to these beans by name; their error handling is the route configurations there.
 */
public class ImporterConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ImporterConfiguration.class);
    /** A file in the hot window never imported and bigger than this is a backlog, not a session just begun. */
    private static final long NEW_SESSION_BYTES = 128 * 1024;

    @Override
    public void configure(CamelContext context) throws Exception {
        org.apache.camel.component.properties.PropertiesComponent pc =
                (org.apache.camel.component.properties.PropertiesComponent) context.getPropertiesComponent();
        Properties properties = new Properties();
        properties.putAll(pc.loadProperties());
        Properties overrides = pc.getOverrideProperties() == null ? new Properties() : pc.getOverrideProperties();
        Settings settings = Settings.from(properties, environment(context), toMap(overrides));
        Properties checked = new Properties();
        checked.putAll(overrides);
        checked.putAll(settings.asProperties());
        pc.setOverrideProperties(checked);
        LOG.info("Importing {} into Qdrant at {}", settings.logsDir(), settings.qdrantUrl());

        Closer closer = new Closer();
        try {
            configure(context, settings, checked, pc, closer);
        } catch (Exception e) {
            closer.closeAll(e);
            throw e;
        }
    }

    private void configure(CamelContext context, Settings settings, Properties checked,
                           org.apache.camel.component.properties.PropertiesComponent pc, Closer closer) throws Exception {
        // One importer per state file, and a state folder we can write: both known before anything is embedded.
        closer.add(StateLock.acquire(settings.stateFile()));
        ObjectMapper mapper = new ObjectMapper();
        ImportState state = ImportState.load(settings.stateFile(), mapper);
        StateRepository repository = new StateRepository(state, settings.provider());
        TranscriptParser parser = new TranscriptParser(mapper, Redactor.standard());
        boolean oneShot = "import".equals(checked.getProperty("importer.mode"));
        checked.setProperty("importer.one-shot", Boolean.toString(oneShot));
        checked.setProperty("importer.watching", Boolean.toString(!oneShot));
        pc.setOverrideProperties(checked);
        RunStats stats = new RunStats(oneShot);
        Embedder embedder = closer.add(Embedders.create(settings));
        QdrantStore qdrant = closer.add(settings.openQdrant());
        upgradeCollections(qdrant, embedder, settings);

        Registry registry = context.getRegistry();
        registry.bind("objectMapper", mapper);
        registry.bind("settings", settings);
        registry.bind("importState", repository);
        registry.bind("importRun", new ImportRun(stats));
        registry.bind("transcriptParser", parser);
        DeadLetters deadLetters = new DeadLetters(settings.deadLetterFile(), mapper);
        ChunkStore chunkStore = new ChunkStore(qdrant, settings.collectionNames(), embedder.windowed());
        Ledger ledger = new Ledger(settings.provider(), settings.collectionNames(), state, repository, stats, chunkStore);
        registry.bind("ledger", ledger);
        FileReader fileReader = new FileReader(settings.logsDir(), settings.chunkSize(), settings.provider(),
                settings.collectionNames(), state, parser, deadLetters, ledger);
        registry.bind("fileReader", fileReader);
        context.getManagementStrategy().addEventNotifier(new StopReadingOnShutdown(fileReader));
        if (!oneShot) {
            context.getManagementStrategy().addEventNotifier(new ManagementEndpoints());
        }
        registry.bind("embedder", embedder);
        if (oneShot) {
            // Nobody scrapes a one-shot import: counters in a plain registry, no Prometheus registry loaded.
            registry.bind(Observability.METER_REGISTRY, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        }
        LogsBacklog logs = new LogsBacklog(settings.logsDir(), state, settings.provider());
        ImportMetrics metrics = Observability.install(context, stats, logs, qdrant, settings.qdrantUrl(), embedder, state);
        registry.bind("chunkEmbedder", new ChunkEmbedder(embedder, metrics, settings.embeddingWindows()));
        registry.bind("qdrantStore", qdrant);
        registry.bind("chunkStore", chunkStore);
        registry.bind("groupedBody", new GroupedBodyAggregationStrategy());
        VoyageEmbeddings voyage = new VoyageEmbeddings(settings.voyageUrl(), settings.voyageModel(),
                settings.voyageApiKey(), settings.voyageMaxTokens(), settings.voyageTimeout(), mapper);
        if ("voyage".equals(settings.provider())) {
            voyage.configureHttp(context);
        }
        registry.bind("voyageEmbeddings", voyage);
        registry.bind("voyageBatches", new VoyageBatches(settings.voyageMaxTokens(), settings.voyageBatchTokens()));
        registry.bind("retryAfter", new RetryAfter());
        Clock clock = Clock.systemUTC();
        ExcludedProjects excluded = new ExcludedProjects(settings.logsDir(), settings.excludedProjects());
        if (!excluded.isEmpty()) {
            LOG.info("Not importing the projects {} (REFLECT_EXCLUDE_PROJECTS)", excluded.names());
        }
        registry.bind("memoryGuard", new MemoryGuard(settings.operationalMemoryMb(), MemoryGuard::processResidentBytes));
        registry.bind("pollRoutes", new PollRoutes(context));
        registry.bind("progress", new Progress(logs, stats));
        LogEntries<java.io.File> entries = new LogEntries<>();
        for (Tier tier : Tier.values()) {
            registry.bind(tier.name().toLowerCase(Locale.ROOT) + "Files", new ExcludingFilter<>(new TierFilter<>(tier,
                    settings.hotWindow(), settings.warmWindow(),
                    path -> state.progressOf(path, settings.provider()).isPresent(), NEW_SESSION_BYTES, entries, clock),
                    excluded));
        }

        context.addService(closer, true, true);
    }

    /**
     * Collections from before hybrid search move to the current layout before anything is imported. When Qdrant
     * cannot be reached now, the import goes on (its retries handle the outage; new chunks reach an old collection
     * in its own layout) and the upgrade is made on the next start. When Qdrant refuses the key, start-up stops.
     */
    private static void upgradeCollections(QdrantStore qdrant, Embedder embedder, Settings settings) {
        try {
            new LayoutUpgrade(qdrant, settings.collectionNames(), embedder, settings.embeddingWindows()).upgradeAll();
        } catch (QdrantAccessException e) {
            throw new SettingsException(e.getMessage());
        } catch (QdrantException e) {
            LOG.warn("Could not check the collections for the hybrid-search upgrade ({}); it is made on the next start",
                    e.getMessage());
        }
    }

    /**
     * The process environment, or the map the command line bound as {@value Reflect#ENVIRONMENT} (tests give
     * their own, e.g. a fake Voyage key, since a running JVM's environment cannot be changed).
     */
    @SuppressWarnings("unchecked")
    private static java.util.Map<String, String> environment(CamelContext context) {
        java.util.Map<String, String> bound = context.getRegistry().lookupByNameAndType(Reflect.ENVIRONMENT, java.util.Map.class);
        return bound != null ? bound : System.getenv();
    }

    private static java.util.Map<String, String> toMap(Properties properties) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }

    /** When the context begins to stop, files being read end at their current line, so stopping is quick. */
    static final class StopReadingOnShutdown extends org.apache.camel.support.EventNotifierSupport {
        private final FileReader fileReader;

        StopReadingOnShutdown(FileReader fileReader) {
            this.fileReader = fileReader;
        }

        @Override
        public void notify(org.apache.camel.spi.CamelEvent event) {
            fileReader.stopReading();
        }

        @Override
        public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
            return event instanceof org.apache.camel.spi.CamelEvent.CamelContextStoppingEvent;
        }
    }

    /** Closes what this configuration created, last made first, when the Camel context stops. */
    static final class Closer extends ServiceSupport {
        private final Deque<AutoCloseable> resources = new ArrayDeque<>();

        <T extends AutoCloseable> T add(T resource) {
            resources.push(resource);
            return resource;
        }

        @Override
        protected void doStop() throws Exception {
            while (!resources.isEmpty()) {
                resources.pop().close();
            }
        }

        /** The configuration failed half way: closes what it made so far (the state lock with it). */
        void closeAll(Exception failure) {
            while (!resources.isEmpty()) {
                try {
                    resources.pop().close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }
}
