package io.kompress.cache.internal.engine;

import io.kompress.cache.KompressCache;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The listener behind {@link KompressCache#stats()}: striped counters per hash key, summed into the totals when a
 * snapshot is taken. A counted call adds to one counter, its key's, not to a total as well: a near hit is a map
 * lookup, and a second atomic add per hit was a measurable share of it. Counts with no key of their own (near-cache
 * flushes, a node's fallback to whole-key invalidation) are kept apart and added to the totals.
 */
final class StatsRecorder implements CacheListener {

    private static final int N = Counter.values().length;

    /** One set of counters, and the name they count under. */
    private static final class Counters {
        private final LongAdder[] adders = new LongAdder[N];
        private final String name;

        Counters(String name) {
            this.name = name;
            for (int i = 0; i < N; i++) {
                adders[i] = new LongAdder();
            }
        }

        long[] snapshot() {
            long[] out = new long[N];
            for (int i = 0; i < N; i++) {
                out[i] = adders[i].sum();
            }
            return out;
        }
    }

    /** Counts that belong to no hash key; the totals are these plus every key's counts. */
    private final Counters unkeyed = new Counters(null);
    private final ConcurrentHashMap<String, Counters> perKey = new ConcurrentHashMap<>();
    /**
     * The counters found last, so that a run of calls on one key (a woven method's constant key) skips the map.
     * A plain field, written only when the key changes: a stale read costs one map lookup, and the final fields of
     * {@link Counters} make any reference read safe to use.
     */
    private Counters last = new Counters(null); // no name: matches no key until the first lookup sets it

    private Counters forKey(String key) {
        String name = key == null ? CacheStats.NO_KEY : key;
        Counters l = last;
        if (name.equals(l.name)) {
            return l;
        }
        Counters c = perKey.get(name);
        if (c == null) {
            if (perKey.size() >= CacheStats.MAX_KEYS) {
                name = CacheStats.OTHER_KEYS;
            }
            c = perKey.computeIfAbsent(name, Counters::new);
        }
        if (c.name.equals(name)) {
            last = c;
        }
        return c;
    }

    private void add(String key, Counter counter, long n) {
        forKey(key).adders[counter.ordinal()].add(n);
    }

    @Override
    public void onLookup(String key, Lookup outcome) {
        add(key, switch (outcome) {
            case HIT -> Counter.HITS;
            case NEAR_HIT -> Counter.NEAR_HITS;
            case NULL_HIT -> Counter.NULL_HITS;
            case MISS -> Counter.MISSES;
            case EXPIRED -> Counter.EXPIRED;
            case INVALID -> Counter.INVALID;
            case ERROR -> Counter.LOOKUP_ERRORS;
        }, 1);
    }

    @Override
    public void onLoad(String key, Load outcome, long nanos) {
        switch (outcome) {
            case LOADED -> add(key, Counter.LOADS, 1);
            case NULL -> add(key, Counter.NULL_LOADS, 1);
            case FAILED -> add(key, Counter.LOAD_FAILURES, 1);
            case STALE_SERVED -> {
                add(key, Counter.LOAD_FAILURES, 1);
                add(key, Counter.STALE_SERVED, 1);
            }
            default -> throw new IllegalArgumentException("unknown load outcome " + outcome);
        }
        add(key, Counter.LOAD_NANOS, nanos);
    }

    /** A node refused field-granular invalidation: its stream reports whole keys. */
    void nearKeyFallback() {
        unkeyed.adders[Counter.NEAR_KEY_FALLBACKS.ordinal()].increment();
    }

    @Override
    public void onEvent(String key, Event event, long count) {
        switch (event) {
            case NEAR_MISS -> add(key, Counter.NEAR_MISSES, count);
            case NEAR_INVALIDATION -> add(key, Counter.NEAR_INVALIDATIONS, count);
            case NEAR_REFILL -> add(key, Counter.NEAR_REFILLS, count);
            case REPLICA_FAILOVER -> add(key, Counter.REPLICA_FAILOVERS, count);
            case REFRESHED -> add(key, Counter.REFRESHES, count);
            case REFRESH_FAILED -> add(key, Counter.REFRESH_FAILURES, count);
            case WRITE_BACK_REFUSED -> add(key, Counter.REFUSED_WRITE_BACKS, count);
            case EVICTION_DEFERRED -> add(key, Counter.DEFERRED_EVICTIONS, count);
            case EVICTION_ABANDONED -> add(key, Counter.ABANDONED_EVICTIONS, count);
            case SWEPT -> add(key, Counter.SWEPT_ENTRIES, count);
            case NEAR_FLUSH -> unkeyed.adders[Counter.NEAR_FLUSHES.ordinal()].add(count);
            case EVICTION_APPLIED -> {
                // not a counter of its own: DEFERRED_EVICTIONS - ABANDONED_EVICTIONS are applied or still queued
            }
            default -> throw new IllegalArgumentException("unknown event " + event);
        }
    }

    @Override
    public void onPoolWait(String key, String node, long nanos, boolean timedOut) {
        add(key, Counter.POOL_WAITS, 1);
        if (timedOut) {
            add(key, Counter.POOL_TIMEOUTS, 1);
        }
    }

    @Override
    public void onRedisCall(String key, String operation, Role role, long nanos) {
        add(key, role == Role.REPLICA ? Counter.REPLICA_CALLS : Counter.PRIMARY_CALLS, 1);
    }

    @Override
    public void onError(String key, KompressCacheException error) {
        add(key, switch (error.statusCode()) {
            case 504 -> Counter.TIMEOUT_ERRORS;
            case 503 -> Counter.UNAVAILABLE_ERRORS;
            default -> Counter.OTHER_ERRORS;
        }, 1);
    }

    /** The counters now, with the near cache's current size (entries, estimated bytes) in the total. */
    CacheStats snapshot(long nearEntries, long nearBytes) {
        Map<String, CacheStats> keys = new LinkedHashMap<>();
        long[] totals = unkeyed.snapshot();
        perKey.forEach((k, c) -> {
            long[] counts = c.snapshot();
            for (int i = 0; i < N; i++) {
                totals[i] += counts[i];
            }
            keys.put(k, new StatsSnapshot(counts, Map.of(), 0, 0));
        });
        return new StatsSnapshot(totals, Collections.unmodifiableMap(keys), nearEntries, nearBytes);
    }
}
