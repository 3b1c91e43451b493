package dev.reflect.importer.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Values by key, each fetched again once it is older than {@code maxAge}. Thread-safe. */
final class Recent<T> {

    private record Entry<T>(T value, Instant fetched) {
    }

    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry<T>> entries = new ConcurrentHashMap<>();

    Recent(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    T get(String key, Supplier<T> fetch) {
        Instant now = clock.instant();
        Entry<T> entry = entries.get(key);
        if (entry == null || entry.fetched().plus(maxAge).isBefore(now)) {
            entry = new Entry<>(fetch.get(), now);
            entries.put(key, entry);
        }
        return entry.value();
    }

    /** Forgets every value: the next get fetches again. */
    void clear() {
        entries.clear();
    }
}
