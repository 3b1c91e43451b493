package dev.reflect.importer.bench;

import dev.reflect.importer.app.Embedders;
import dev.reflect.importer.app.ImportRun;
import dev.reflect.importer.app.Settings;
import dev.reflect.importer.chunking.ProjectNames;
import dev.reflect.importer.cli.Invocation;
import dev.reflect.importer.cli.ReflectCommand;
import dev.reflect.importer.qdrant.QdrantStore;
import dev.reflect.importer.search.Fusion;
import dev.reflect.importer.search.SearchHit;
import dev.reflect.importer.search.SearchQuery;
import dev.reflect.importer.search.SearchService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reflect bench-search}: how well search finds a known chunk. Imports a logs folder, then for each stored
 * chunk takes a 10-20-word span from one of its messages (seeded) and searches every imported project for it,
 * dense only, BM25 only and hybrid, counting where the chunk it came from ranks. Prints recall@1, recall@5 and
 * MRR per mode, for spans within the first 1,000 characters of their chunk and for later ones. Spans found word
 * for word in more than one chunk are left out (no single right answer). Figures, not assertions.
 */
@Command(name = "bench-search", sortOptions = false,
        description = "Recall@1/@5 and MRR of known-item spans: dense, BM25 and hybrid.")
public final class SearchBench extends ReflectCommand {

    static final int EARLY_CHARS = 1000;
    private static final Pattern WORD = Pattern.compile("\\S+");
    private static final Pattern MESSAGE_START = Pattern.compile("(?:^|\n\n)(?:USER|ASSISTANT): ");

    @Option(names = "--seed", paramLabel = "N", description = "the seed that picks the spans (default: ${DEFAULT-VALUE})")
    private long seed = 42;

    @Option(names = "--no-import", description = "search what an earlier run stored; do not import the folder first")
    private boolean noImport;

    public SearchBench(Invocation invocation) {
        super(invocation);
    }

    /** A known-item probe: the span, the chunk it was taken from, and where in that chunk's text it starts. */
    record Probe(String span, UUID chunk, String collection, int offset) {
        boolean early() {
            return offset < EARLY_CHARS;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Settings settings = settings();
        long started = System.nanoTime();
        if (!noImport) {
            importFolder(overrides());
        }
        try (SearchService search = Embedders.search(settings);
             QdrantStore qdrant = settings.openQdrant()) {
            Map<UUID, String> texts = new HashMap<>();
            Map<UUID, String> collectionOf = new HashMap<>();
            for (String collection : collections(settings, qdrant)) {
                qdrant.scrollAll(collection).forEach((id, payload) -> {
                    texts.put(id, String.valueOf(payload.get("text")));
                    collectionOf.put(id, collection);
                });
            }
            List<Probe> probes = new ArrayList<>();
            int ambiguous = probes(texts, collectionOf, new Random(seed), probes);
            long early = probes.stream().filter(Probe::early).count();
            out().printf(Locale.ROOT, "%d chunks; %d probes of 10-20 words (seed %d): %d in the first %d characters, "
                    + "%d later; %d spans left out (in more than one chunk)%n", texts.size(), probes.size(), seed,
                    early, EARLY_CHARS, probes.size() - early, ambiguous);
            out().printf(Locale.ROOT, "%-7s %-6s %6s %9s %9s %7s %10s%n", "mode", "spans", "probes", "recall@1",
                    "recall@5", "MRR", "median ms");
            print("hybrid", score(search, probes, SearchQuery.Mode.HYBRID));
            print("hyb-nox", score(search.withFusion(Fusion.withoutPhrases()), probes, SearchQuery.Mode.HYBRID));
            print("dense", score(search, probes, SearchQuery.Mode.DENSE));
            print("bm25", score(search, probes, SearchQuery.Mode.BM25));
            out().println("hybrid: dense + BM25 + exact words (RRF); hyb-nox: dense + BM25 only (RRF)");
        }
        out().printf(Locale.ROOT, "bench-search took %.0f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private void importFolder(Map<String, String> overrides) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("reflect-bench-search");
        Map<String, String> importing = new HashMap<>(overrides);
        importing.put("importer.mode", "import");
        Main main = Bench.startImporter(importing, scratch);
        try {
            ImportRun run = main.getCamelContext().getRegistry().lookupByNameAndType("importRun", ImportRun.class);
            run.awaitFirstPass(1, TimeUnit.HOURS);
            out().println(run.stats().summary());
        } finally {
            main.stop();
        }
    }

    private void print(String mode, Map<String, Score> scores) {
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            Score s = e.getValue();
            out().printf(Locale.ROOT, "%-7s %-6s %6d %9.3f %9.3f %7.3f %10.1f%n", mode, e.getKey(), s.count,
                    s.at1 / (double) s.count, s.at5 / (double) s.count, s.reciprocal / s.count, s.medianMillis());
        }
    }

    /** The collections of the projects under the logs folder that exist in Qdrant. */
    private static List<String> collections(Settings settings, QdrantStore qdrant) throws IOException {
        Set<String> wanted = new LinkedHashSet<>();
        try (Stream<Path> dirs = Files.list(settings.logsDir())) {
            dirs.filter(Files::isDirectory).forEach(dir -> wanted.add(settings.collectionNames().conversations(
                    ProjectNames.normalise(dir.getFileName().toString()), settings.provider())));
        }
        List<String> existing = qdrant.collections();
        return wanted.stream().filter(existing::contains).toList();
    }

    /** One probe per chunk with a message of 10 words or more; returns how many spans were left out. */
    static int probes(Map<UUID, String> texts, Map<UUID, String> collectionOf, Random random, List<Probe> probes) {
        int ambiguous = 0;
        List<UUID> ids = new ArrayList<>(texts.keySet());
        ids.sort(null);
        for (UUID id : ids) {
            String text = texts.get(id);
            List<int[]> messages = messages(text);
            List<int[]> long10 = new ArrayList<>();
            List<List<int[]>> wordsOf = new ArrayList<>();
            for (int[] m : messages) {
                List<int[]> words = words(text, m[0], m[1]);
                if (words.size() >= 10) {
                    long10.add(m);
                    wordsOf.add(words);
                }
            }
            if (long10.isEmpty()) {
                continue;
            }
            List<int[]> words = wordsOf.get(random.nextInt(wordsOf.size()));
            int length = Math.min(words.size(), 10 + random.nextInt(11));
            int first = random.nextInt(words.size() - length + 1);
            int from = words.get(first)[0];
            String span = text.substring(from, words.get(first + length - 1)[1]);
            String collection = collectionOf.get(id);
            boolean elsewhere = texts.entrySet().stream()
                    .anyMatch(e -> !e.getKey().equals(id) && e.getValue().contains(span));
            if (elsewhere) {
                ambiguous++;
            } else {
                probes.add(new Probe(span, id, collection, from));
            }
        }
        return ambiguous;
    }

    /** [start, end) of each message's text (after its {@code ROLE: }) in a chunk's text. */
    private static List<int[]> messages(String text) {
        List<int[]> bounds = new ArrayList<>();
        Matcher m = MESSAGE_START.matcher(text);
        int start = -1;
        while (m.find()) {
            if (start >= 0) {
                bounds.add(new int[] {start, m.start()});
            }
            start = m.end();
        }
        if (start >= 0) {
            bounds.add(new int[] {start, text.length()});
        }
        return bounds;
    }

    private static List<int[]> words(String text, int from, int to) {
        List<int[]> words = new ArrayList<>();
        Matcher m = WORD.matcher(text).region(from, to);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        return words;
    }

    private static Map<String, Score> score(SearchService search, List<Probe> probes, SearchQuery.Mode mode) {
        Map<String, Score> scores = new java.util.LinkedHashMap<>();
        scores.put("all", new Score());
        scores.put("early", new Score());
        scores.put("later", new Score());
        for (Probe probe : probes) {
            long started = System.nanoTime();
            List<SearchHit> hits = search.search(SearchQuery.of(probe.span(), 10).withMode(mode).withDecay(false));
            double millis = (System.nanoTime() - started) / 1e6;
            int rank = 0;
            for (int i = 0; i < hits.size(); i++) {
                if (hits.get(i).id().equals(probe.chunk()) && hits.get(i).collection().equals(probe.collection())) {
                    rank = i + 1;
                    break;
                }
            }
            scores.get("all").add(rank, millis);
            scores.get(probe.early() ? "early" : "later").add(rank, millis);
        }
        return scores;
    }

    /** Ranks of the right chunk for a set of probes (0: not in the first 10). */
    static final class Score {
        int count;
        int at1;
        int at5;
        double reciprocal;
        final List<Double> millis = new ArrayList<>();

        void add(int rank, double ms) {
            count++;
            at1 += rank == 1 ? 1 : 0;
            at5 += rank >= 1 && rank <= 5 ? 1 : 0;
            reciprocal += rank == 0 ? 0 : 1.0 / rank;
            millis.add(ms);
        }

        double medianMillis() {
            List<Double> sorted = new ArrayList<>(millis);
            sorted.sort(Double::compare);
            return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        }
    }
}
