package dev.reflect.importer.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reflect.importer.embedding.ChunkEmbedder;
import dev.reflect.importer.embedding.Embedder;
import dev.reflect.importer.importing.DeadLetters;
import dev.reflect.importer.importing.FileImports;
import dev.reflect.importer.importing.RunStats;
import dev.reflect.importer.qdrant.ChunkStore;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.routes.ErrorHandling;
import dev.reflect.importer.state.ImportState;
import dev.reflect.importer.state.StateRepository;
import dev.reflect.importer.transcript.TranscriptParser;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the importer's beans, made once from the checked {@link Settings}, and the error handling.
 * The routes under {@code routes/} refer to these beans by name.
 */
public class ImporterConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ImporterConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        org.apache.camel.component.properties.PropertiesComponent pc =
                (org.apache.camel.component.properties.PropertiesComponent) context.getPropertiesComponent();
        Properties properties = new Properties();
        properties.putAll(pc.loadProperties());
        Properties overrides = pc.getOverrideProperties() == null ? new Properties() : pc.getOverrideProperties();
        Settings settings = Settings.from(properties, System.getenv(), toMap(overrides));
        Properties checked = new Properties();
        checked.putAll(overrides);
        checked.putAll(settings.asProperties());
        pc.setOverrideProperties(checked);
        LOG.info("Importing {} into Qdrant at {}", settings.logsDir(), settings.qdrantUrl());

        Closer closer = new Closer();
        ObjectMapper mapper = new ObjectMapper();
        ImportState state = ImportState.load(settings.stateFile(), mapper);
        StateRepository repository = new StateRepository(state, settings.provider());
        TranscriptParser parser = new TranscriptParser(mapper);
        boolean oneShot = "import".equals(checked.getProperty("importer.mode"));
        RunStats stats = new RunStats(oneShot);
        Embedder embedder = closer.add(Embedders.create(settings));
        QdrantStore qdrant = closer.add(QdrantStore.fromUrl(settings.qdrantUrl(), settings.qdrantGrpcPort(), settings.qdrantApiKey()));

        Registry registry = context.getRegistry();
        registry.bind("objectMapper", mapper);
        registry.bind("settings", settings);
        registry.bind("importState", repository);
        registry.bind("importRun", new ImportRun(stats));
        registry.bind("transcriptParser", parser);
        registry.bind("deadLetters", new DeadLetters(settings.deadLetterFile(), mapper));
        registry.bind("fileImports", new FileImports(settings.logsDir(), settings.chunkSize(), settings.provider(),
                state, repository, parser, stats));
        registry.bind("embedder", embedder);
        registry.bind("chunkEmbedder", new ChunkEmbedder(embedder));
        registry.bind("qdrantStore", qdrant);
        registry.bind("chunkStore", new ChunkStore(qdrant));
        registry.bind("groupedBody", new GroupedBodyAggregationStrategy());

        context.addRoutes(new ErrorHandling(settings.retryAttempts(), settings.retryDelayMillis(), settings.retryMaxDelayMillis()));
        context.addService(closer, true, true);
    }

    private static java.util.Map<String, String> toMap(Properties properties) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
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
    }
}
