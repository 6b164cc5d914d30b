package io.kompress.cache.micrometer;

import io.kompress.cache.observability.CacheStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The meters of each hash key, created on first use and kept in a fixed slot per meter and tag value, so that an
 * event costs a map lookup and an array read rather than a registry lookup. At most {@link CacheStats#MAX_KEYS}
 * hash keys get their own {@code key} tag; the rest share {@link CacheStats#OTHER_KEYS}, as in {@link CacheStats}.
 */
final class KeyedMeters {

    /** A meter's name and description. */
    record Spec(String name, String description) {
    }

    /** One hash key's meters: the fixed slots, and Redis call timers by role and operation. */
    private static final class Slots {
        private final AtomicReferenceArray<Meter> fixed;
        private final ConcurrentHashMap<String, Timer> calls = new ConcurrentHashMap<>();

        Slots(int size) {
            fixed = new AtomicReferenceArray<>(size);
        }
    }

    private final MeterRegistry registry;
    private final Tags tags;
    private final int size;
    private final ConcurrentHashMap<String, Slots> byKey = new ConcurrentHashMap<>();

    KeyedMeters(MeterRegistry registry, Tags tags, int size) {
        this.registry = registry;
        this.tags = tags;
        this.size = size;
    }

    Counter counter(@Nullable String key, int slot, Spec spec, @Nullable String tag, @Nullable String value) {
        Slots s = slots(key);
        Meter m = s.fixed.get(slot);
        if (m == null) {
            m = Counter.builder(spec.name()).description(spec.description()).tags(tags(key, tag, value))
                .register(registry);
            s.fixed.set(slot, m); // a race registers twice and gets the same meter back
        }
        return (Counter) m;
    }

    Timer timer(@Nullable String key, int slot, Spec spec, @Nullable String tag, @Nullable String value) {
        Slots s = slots(key);
        Meter m = s.fixed.get(slot);
        if (m == null) {
            m = Timer.builder(spec.name()).description(spec.description()).tags(tags(key, tag, value))
                .register(registry);
            s.fixed.set(slot, m);
        }
        return (Timer) m;
    }

    /** The timer of Redis calls of {@code operation} served by a node of {@code role}. */
    Timer call(@Nullable String key, boolean replica, String operation, Spec spec, String role) {
        Slots s = slots(key);
        String id = replica ? "r" + operation : "p" + operation;
        Timer t = s.calls.get(id);
        if (t == null) {
            t = s.calls.computeIfAbsent(id, k -> Timer.builder(spec.name()).description(spec.description())
                .tags(tags(key, "role", role).and("operation", operation)).register(registry));
        }
        return t;
    }

    private Slots slots(@Nullable String key) {
        String name = keyTag(key);
        Slots s = byKey.get(name);
        return s != null ? s : byKey.computeIfAbsent(name, k -> new Slots(size));
    }

    private String keyTag(@Nullable String key) {
        String name = key == null ? CacheStats.NO_KEY : key;
        if (!byKey.containsKey(name) && byKey.size() >= CacheStats.MAX_KEYS) {
            return CacheStats.OTHER_KEYS;
        }
        return name;
    }

    private Tags tags(@Nullable String key, @Nullable String tag, @Nullable String value) {
        Tags t = tags.and("key", keyTag(key));
        return tag == null ? t : t.and(tag, value);
    }
}
