package io.kompress.cache.micrometer;

import io.kompress.cache.KompressCache;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheStats;
import io.kompress.cache.micrometer.KeyedMeters.Spec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
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

    private final KompressCache cache;
    private final Tags tags;
    private final AtomicReference<Listener> listener = new AtomicReference<>();

    /**
     * Metrics for {@code cache}. Tags every meter should carry (the service name, the region) are the registry's
     * common tags ({@code registry.config().commonTags(...)}), as for every other binder.
     *
     * @param cache the cache
     */
    public KompressCacheMetrics(KompressCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.tags = Tags.empty();
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

    /** Turns each event into its meter, found in {@link KeyedMeters} by a slot fixed per meter and tag value. */
    private static final class Listener implements CacheListener {

        private static final Spec LOOKUPS = new Spec("kompress.cache.lookups", "read-through lookups by outcome");
        private static final Spec LOADS = new Spec("kompress.cache.loads", "loader calls by outcome");
        private static final Spec FAILOVERS = new Spec("kompress.cache.failovers",
            "replica reads retried on the primary");
        private static final Spec ERRORS = new Spec("kompress.cache.errors", "Redis calls no node could serve");
        private static final Spec REFRESHES = new Spec("kompress.cache.refreshes", "refresh-ahead reloads by outcome");
        private static final Spec NEAR_MISSES = new Spec("kompress.cache.near.misses",
            "near-cache lookups that went to Redis");
        private static final Spec NEAR_INVALIDATIONS = new Spec("kompress.cache.near.invalidations",
            "changes Redis reported of hash keys or fields the near cache held");
        private static final Spec NEAR_REFILLS = new Spec("kompress.cache.near.refills",
            "near entries read back in one round trip after an invalidation of their key");
        private static final Spec SWEPT = new Spec("kompress.cache.swept", "expired entries removed by the sweep");
        private static final Spec POOL_WAITS = new Spec("kompress.cache.pool.waits",
            "calls that waited in line for a pooled connection, by outcome");
        private static final Spec REFUSED = new Spec("kompress.cache.writebacks.refused",
            "write-backs refused because the entry was evicted or rewritten while loading");
        private static final Spec EVICTIONS = new Spec("kompress.cache.evictions.deferred",
            "evictions that failed and were retried, by outcome");
        private static final Spec CALLS = new Spec("kompress.cache.redis.calls",
            "successful Redis calls by the role of the node that served them");

        // Slots: one per meter and tag value, so that a lookup of a created meter is an array read.
        private static final int S_LOOKUPS = 0;
        private static final int S_LOADS = S_LOOKUPS + Lookup.values().length;
        private static final int S_ERRORS = S_LOADS + Load.values().length;
        private static final int S_REFRESHES = S_ERRORS + 3;
        private static final int S_POOL_WAITS = S_REFRESHES + 2;
        private static final int S_EVICTIONS = S_POOL_WAITS + 2;
        private static final int S_FAILOVERS = S_EVICTIONS + 3;
        private static final int S_SWEPT = S_FAILOVERS + 1;
        private static final int S_REFUSED = S_SWEPT + 1;
        private static final int S_NEAR_MISSES = S_REFUSED + 1;
        private static final int S_NEAR_INVALIDATIONS = S_NEAR_MISSES + 1;
        private static final int S_NEAR_REFILLS = S_NEAR_INVALIDATIONS + 1;
        private static final int SLOTS = S_NEAR_REFILLS + 1;

        private final MeterRegistry registry;
        private final Tags tags;
        private final KeyedMeters meters;

        Listener(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
            this.meters = new KeyedMeters(registry, tags, SLOTS);
        }

        private static String lower(Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public void onLookup(String key, Lookup outcome) {
            meters.counter(key, S_LOOKUPS + outcome.ordinal(), LOOKUPS, "outcome", lower(outcome)).increment();
        }

        @Override
        public void onLoad(String key, Load outcome, long nanos) {
            meters.timer(key, S_LOADS + outcome.ordinal(), LOADS, "outcome", lower(outcome))
                .record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onRedisCall(String key, String operation, Role role, long nanos) {
            meters.call(key, role == Role.REPLICA, operation, CALLS, lower(role)).record(nanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onError(String key, KompressCacheException error) {
            int i;
            String type;
            switch (error.statusCode()) {
                case 503 -> {
                    i = 0;
                    type = "unavailable";
                }
                case 504 -> {
                    i = 1;
                    type = "timeout";
                }
                default -> {
                    i = 2;
                    type = "other";
                }
            }
            meters.counter(key, S_ERRORS + i, ERRORS, "type", type).increment();
        }

        @Override
        public void onEvent(String key, Event event, long count) {
            switch (event) {
                case NEAR_MISS -> meters.counter(key, S_NEAR_MISSES, NEAR_MISSES, null, null).increment(count);
                case NEAR_INVALIDATION -> meters.counter(key, S_NEAR_INVALIDATIONS, NEAR_INVALIDATIONS, null, null)
                    .increment(count);
                case NEAR_REFILL -> meters.counter(key, S_NEAR_REFILLS, NEAR_REFILLS, null, null).increment(count);
                case REPLICA_FAILOVER -> meters.counter(key, S_FAILOVERS, FAILOVERS, null, null).increment(count);
                case REFRESHED -> meters.counter(key, S_REFRESHES, REFRESHES, "outcome", "success").increment(count);
                case REFRESH_FAILED -> meters.counter(key, S_REFRESHES + 1, REFRESHES, "outcome", "failure")
                    .increment(count);
                case WRITE_BACK_REFUSED -> meters.counter(key, S_REFUSED, REFUSED, null, null).increment(count);
                case EVICTION_DEFERRED -> meters.counter(key, S_EVICTIONS, EVICTIONS, "outcome", "queued")
                    .increment(count);
                case EVICTION_APPLIED -> meters.counter(key, S_EVICTIONS + 1, EVICTIONS, "outcome", "applied")
                    .increment(count);
                case EVICTION_ABANDONED -> meters.counter(key, S_EVICTIONS + 2, EVICTIONS, "outcome", "abandoned")
                    .increment(count);
                case SWEPT -> meters.counter(key, S_SWEPT, SWEPT, null, null).increment(count);
                case NEAR_FLUSH -> Counter.builder("kompress.cache.near.flushes")
                    .description("times the near cache was emptied").tags(tags).register(registry).increment(count);
                default -> throw new IllegalArgumentException("unknown event " + event);
            }
        }

        @Override
        public void onPoolWait(String key, String node, long nanos, boolean timedOut) {
            meters.timer(key, S_POOL_WAITS + (timedOut ? 1 : 0), POOL_WAITS, "outcome",
                timedOut ? "timed_out" : "acquired").record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
