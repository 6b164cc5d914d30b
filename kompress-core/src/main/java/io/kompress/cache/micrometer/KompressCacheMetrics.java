package io.kompress.cache.micrometer;

import io.kompress.cache.CacheListener;
import io.kompress.cache.CacheStats;
import io.kompress.cache.KompressCache;
import io.kompress.cache.KompressCacheException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes a cache's events to Micrometer. Micrometer is an optional dependency of Kompress: add
 * {@code io.micrometer:micrometer-core} to use this class; nothing else in the library needs it.
 *
 * <pre>{@code
 * new KompressCacheMetrics(KompressCache.get()).bindTo(meterRegistry);
 * }</pre>
 *
 * <table>
 * <caption>Meters (every one tagged {@code key} with the hash key, plus the tags given here)</caption>
 * <tr><th>name</th><th>type</th><th>other tags</th></tr>
 * <tr><td>{@code kompress.cache.lookups}</td><td>counter</td>
 *     <td>{@code outcome}: hit, near_hit, null_hit, miss, expired, invalid, error</td></tr>
 * <tr><td>{@code kompress.cache.near.misses}</td><td>counter</td><td>near-cache lookups that went to Redis</td></tr>
 * <tr><td>{@code kompress.cache.near.invalidations}</td><td>counter</td><td>reported changes of held keys</td></tr>
 * <tr><td>{@code kompress.cache.near.flushes}</td><td>counter</td><td>near cache emptied (no {@code key} tag)</td></tr>
 * <tr><td>{@code kompress.cache.near.refills}</td><td>counter</td><td>near entries read back after an
 *     invalidation</td></tr>
 * <tr><td>{@code kompress.cache.near.entries}, {@code kompress.cache.near.bytes}</td><td>gauges</td>
 *     <td>entries held and their estimated memory (no {@code key} tag)</td></tr>
 * <tr><td>{@code kompress.cache.loads}</td><td>timer</td>
 *     <td>{@code outcome}: loaded, null, failed, stale_served</td></tr>
 * <tr><td>{@code kompress.cache.redis.calls}</td><td>timer</td>
 *     <td>{@code role}: primary, replica; {@code operation}: HMGET, HSET, ...</td></tr>
 * <tr><td>{@code kompress.cache.failovers}</td><td>counter</td><td>none: replica reads retried on the primary</td></tr>
 * <tr><td>{@code kompress.cache.errors}</td><td>counter</td><td>{@code type}: unavailable, timeout, other</td></tr>
 * <tr><td>{@code kompress.cache.refreshes}</td><td>counter</td><td>{@code outcome}: success, failure</td></tr>
 * <tr><td>{@code kompress.cache.swept}</td><td>counter</td><td>expired entries the sweep removed</td></tr>
 * <tr><td>{@code kompress.cache.writebacks.refused}</td><td>counter</td><td>write-backs refused after an
 * eviction during the load</td></tr>
 * <tr><td>{@code kompress.cache.evictions.deferred}</td><td>counter</td><td>failed evictions ({@code outcome} =
 * {@code queued}, {@code applied} or {@code abandoned})</td></tr>
 * <tr><td>{@code kompress.cache.pool.waits}</td><td>timer</td><td>calls that waited for a pooled connection
 * ({@code outcome} = {@code acquired} or {@code timed_out})</td></tr>
 * </table>
 *
 * <p>Meters are created on first use and kept per hash key, so the hot path does a map lookup, not a registry
 * lookup. Like {@link CacheStats}, at most {@link CacheStats#MAX_KEYS} hash keys get their own tag value; the
 * rest share {@link CacheStats#OTHER_KEYS}. {@link #close()} stops publishing.
 */
@SuppressWarnings("exports") // Micrometer is optional: applications that bind it require it themselves
public final class KompressCacheMetrics implements MeterBinder, AutoCloseable {

    /** The {@code type} tag of {@code kompress.cache.errors}, indexed as in {@code onError}. */
    private static final String[] ERROR_TYPES = {"unavailable", "timeout", "other"};

    private final KompressCache cache;
    private final Tags tags;
    private final AtomicReference<Listener> listener = new AtomicReference<>();

    /**
     * Metrics for {@code cache} with no extra tags.
     *
     * @param cache the cache
     */
    public KompressCacheMetrics(KompressCache cache) {
        this(cache, Tags.empty());
    }

    /**
     * Metrics for {@code cache}, each meter also carrying {@code tags} (for example the service name).
     *
     * @param cache the cache
     * @param tags  extra tags
     */
    public KompressCacheMetrics(KompressCache cache, Iterable<Tag> tags) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /**
     * Starts publishing to {@code registry}.
     *
     * @param registry the registry
     * @throws IllegalStateException when this binder is already bound
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Listener bound = new Listener(registry, tags);
        if (!listener.compareAndSet(null, bound)) { // no lock: the registry and the cache are called below
            throw new IllegalStateException("already bound; create one KompressCacheMetrics per registry");
        }
        cache.addListener(bound);
        Gauge.builder("kompress.cache.near.entries", cache, c -> c.stats().nearEntries())
            .description("entries the near cache holds").tags(tags).register(registry);
        Gauge.builder("kompress.cache.near.bytes", cache, c -> c.stats().nearBytes())
            .description("estimated memory of the near cache's entries").baseUnit("bytes").tags(tags)
            .register(registry);
    }

    /** Stops publishing; the meters stay in the registry. */
    @Override
    public void close() {
        Listener bound = listener.getAndSet(null);
        if (bound != null) {
            cache.removeListener(bound);
        }
    }

    /** The meters of one hash key, created on first use. */
    private static final class KeyMeters {
        private final Counter[] lookups = new Counter[CacheListener.Lookup.values().length];
        private final Timer[] loads = new Timer[CacheListener.Load.values().length];
        private final ConcurrentHashMap<String, Timer> calls = new ConcurrentHashMap<>();
        private final Counter[] errors = new Counter[3];
        private final Counter[] refreshes = new Counter[2];
        private volatile Counter failovers;
        private volatile Counter swept;
        private final Timer[] poolWaits = new Timer[2];
        private volatile Counter refusedWriteBacks;
        private volatile Counter nearMisses;
        private volatile Counter nearInvalidations;
        private volatile Counter nearRefills;
        private final Counter[] evictions = new Counter[CacheListener.DeferredEviction.values().length];
    }

    /** Turns cache events into meter updates. */
    private static final class Listener implements CacheListener {

        private final MeterRegistry registry;
        private final Tags tags;
        private final ConcurrentHashMap<String, KeyMeters> byKey = new ConcurrentHashMap<>();

        Listener(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
        }

        private String keyTag(String key) {
            String name = key == null ? CacheStats.NO_KEY : key;
            if (!byKey.containsKey(name) && byKey.size() >= CacheStats.MAX_KEYS) {
                return CacheStats.OTHER_KEYS;
            }
            return name;
        }

        private KeyMeters meters(String key) {
            return byKey.computeIfAbsent(keyTag(key), k -> new KeyMeters());
        }

        private Tags tags(String key, String... more) {
            return tags.and("key", keyTag(key)).and(more);
        }

        private static String lower(Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public void onLookup(String key, Lookup outcome) {
            KeyMeters m = meters(key);
            Counter c = m.lookups[outcome.ordinal()];
            if (c == null) {
                c = Counter.builder("kompress.cache.lookups").description("read-through lookups by outcome")
                    .tags(tags(key, "outcome", lower(outcome))).register(registry);
                m.lookups[outcome.ordinal()] = c;
            }
            c.increment();
        }

        @Override
        public void onLoad(String key, Load outcome, long nanos) {
            KeyMeters m = meters(key);
            Timer t = m.loads[outcome.ordinal()];
            if (t == null) {
                t = Timer.builder("kompress.cache.loads").description("loader calls by outcome")
                    .tags(tags(key, "outcome", lower(outcome))).register(registry);
                m.loads[outcome.ordinal()] = t;
            }
            t.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onRedisCall(String key, String operation, Role role, long nanos) {
            KeyMeters m = meters(key);
            String id = role == Role.REPLICA ? "r" + operation : "p" + operation;
            Timer t = m.calls.get(id);
            if (t == null) {
                t = m.calls.computeIfAbsent(id, k -> Timer.builder("kompress.cache.redis.calls")
                    .description("successful Redis calls by the role of the node that served them")
                    .tags(tags(key, "role", lower(role), "operation", operation)).register(registry));
            }
            t.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onFailover(String key, String node) {
            KeyMeters m = meters(key);
            Counter c = m.failovers;
            if (c == null) {
                c = Counter.builder("kompress.cache.failovers").description("replica reads retried on the primary")
                    .tags(tags(key)).register(registry);
                m.failovers = c;
            }
            c.increment();
        }

        @Override
        public void onError(String key, KompressCacheException error) {
            int i = switch (error.statusCode()) {
                case 503 -> 0;
                case 504 -> 1;
                default -> 2;
            };
            KeyMeters m = meters(key);
            Counter c = m.errors[i];
            if (c == null) {
                c = Counter.builder("kompress.cache.errors").description("Redis calls no node could serve")
                    .tags(tags(key, "type", ERROR_TYPES[i])).register(registry);
                m.errors[i] = c;
            }
            c.increment();
        }

        @Override
        public void onRefresh(String key, boolean succeeded) {
            int i = succeeded ? 0 : 1;
            KeyMeters m = meters(key);
            Counter c = m.refreshes[i];
            if (c == null) {
                c = Counter.builder("kompress.cache.refreshes").description("refresh-ahead reloads by outcome")
                    .tags(tags(key, "outcome", succeeded ? "success" : "failure")).register(registry);
                m.refreshes[i] = c;
            }
            c.increment();
        }

        @Override
        public void onNearMiss(String key) {
            KeyMeters m = meters(key);
            Counter c = m.nearMisses;
            if (c == null) {
                c = Counter.builder("kompress.cache.near.misses").description("near-cache lookups that went to Redis")
                    .tags(tags(key)).register(registry);
                m.nearMisses = c;
            }
            c.increment();
        }

        @Override
        public void onNearInvalidation(String key) {
            KeyMeters m = meters(key);
            Counter c = m.nearInvalidations;
            if (c == null) {
                c = Counter.builder("kompress.cache.near.invalidations")
                    .description("changes Redis reported of hash keys the near cache held").tags(tags(key))
                    .register(registry);
                m.nearInvalidations = c;
            }
            c.increment();
        }

        @Override
        public void onNearRefill(String key, int entries) {
            KeyMeters m = meters(key);
            Counter c = m.nearRefills;
            if (c == null) {
                c = Counter.builder("kompress.cache.near.refills")
                    .description("near entries read back in one round trip after an invalidation of their key")
                    .tags(tags(key)).register(registry);
                m.nearRefills = c;
            }
            c.increment(entries);
        }

        @Override
        public void onNearFlush(String reason) {
            Counter.builder("kompress.cache.near.flushes").description("times the near cache was emptied")
                .tags(tags).register(registry).increment();
        }

        @Override
        public void onSweep(String key, long removed) {
            KeyMeters m = meters(key);
            Counter c = m.swept;
            if (c == null) {
                c = Counter.builder("kompress.cache.swept").description("expired entries removed by the sweep")
                    .tags(tags(key)).register(registry);
                m.swept = c;
            }
            c.increment(removed);
        }

        @Override
        public void onPoolWait(String key, String node, long nanos, boolean timedOut) {
            int i = timedOut ? 1 : 0;
            KeyMeters m = meters(key);
            Timer t = m.poolWaits[i];
            if (t == null) {
                t = Timer.builder("kompress.cache.pool.waits")
                    .description("calls that waited in line for a pooled connection, by outcome")
                    .tags(tags(key, "outcome", timedOut ? "timed_out" : "acquired")).register(registry);
                m.poolWaits[i] = t;
            }
            t.record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onWriteBackRefused(String key) {
            KeyMeters m = meters(key);
            Counter c = m.refusedWriteBacks;
            if (c == null) {
                c = Counter.builder("kompress.cache.writebacks.refused")
                    .description("write-backs refused because the entry was evicted or rewritten while loading")
                    .tags(tags(key)).register(registry);
                m.refusedWriteBacks = c;
            }
            c.increment();
        }

        @Override
        public void onDeferredEviction(String key, DeferredEviction outcome) {
            KeyMeters m = meters(key);
            Counter c = m.evictions[outcome.ordinal()];
            if (c == null) {
                c = Counter.builder("kompress.cache.evictions.deferred")
                    .description("evictions that failed and were retried, by outcome")
                    .tags(tags(key, "outcome", lower(outcome))).register(registry);
                m.evictions[outcome.ordinal()] = c;
            }
            c.increment();
        }
    }
}
