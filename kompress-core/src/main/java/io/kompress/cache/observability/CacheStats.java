package io.kompress.cache.observability;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import java.util.Map;

/**
 * A snapshot of what a cache has done since it was created: one {@link Counter} per thing that can happen to a
 * lookup, a load, a Redis call or the near cache, in total and per hash key name ({@link #byKey()}), plus the near
 * cache's current size. Taken with {@link KompressCache#stats()}; cheap enough to poll.
 *
 * <pre>{@code
 * CacheStats s = cache.stats();
 * long served = s.count(Counter.HITS) + s.count(Counter.NEAR_HITS);
 * double rate = s.hitRate();
 * }</pre>
 *
 * <p>Counters only grow; subtract two snapshots for a rate. {@link #hitRate()} is the usual headline figure. The
 * counters are named by an enum rather than a method each so that a metrics binder, a log line or a test can walk
 * them all ({@code Counter.values()}), as Micrometer's binder does. Per-key figures are kept for the first
 * {@value #MAX_KEYS} distinct hash keys; later ones are summed under {@link #OTHER_KEYS}, so templated keys such as
 * {@code "orders:#tenant"} cannot grow memory without bound.
 */
public interface CacheStats {

    /** How many distinct hash keys get their own figures. */
    int MAX_KEYS = 1000;

    /** The {@link #byKey()} entry summing keys beyond {@link #MAX_KEYS}. */
    String OTHER_KEYS = "(other)";

    /** The {@link #byKey()} entry for calls that name no hash key ({@code onPrimary}, {@code onReplica}). */
    String NO_KEY = "(none)";

    /**
     * The value of one counter.
     *
     * @param counter which
     * @return the count since the cache was created (nanoseconds for {@link Counter#LOAD_NANOS})
     */
    long count(Counter counter);

    /**
     * Hits, null hits and near hits over all lookups, or 0 before the first lookup.
     *
     * @return the rate in [0, 1]
     */
    default double hitRate() {
        long found = count(Counter.HITS) + count(Counter.NULL_HITS) + count(Counter.NEAR_HITS);
        long all = found + count(Counter.MISSES) + count(Counter.EXPIRED) + count(Counter.INVALID)
            + count(Counter.LOOKUP_ERRORS);
        return all == 0 ? 0 : (double) found / all;
    }

    /**
     * The same counters per hash key name. Entries of the map have an empty {@code byKey()} and no near-cache size.
     *
     * @return an unmodifiable map from hash key to its figures
     */
    Map<String, CacheStats> byKey();

    /**
     * Entries the near cache holds now (an estimate); in the total only.
     *
     * @return the count
     */
    long nearEntries();

    /**
     * The estimated memory the near cache's entries take now, bounded by {@link NearCacheOptions#maxBytes()}; in
     * the total only.
     *
     * @return bytes
     */
    long nearBytes();

    /** What a cache counts, grouped as lookups, loads, Redis calls and errors, writes, and the near cache. */
    enum Counter {
        // Lookups (read-through), by outcome.
        /** Lookups that returned a cached value from Redis. */
        HITS,
        /** Lookups that returned a cached {@code null} (negative caching). */
        NULL_HITS,
        /** Lookups answered from this JVM's near cache, without a Redis call (not counted in {@link #HITS}). */
        NEAR_HITS,
        /** Lookups that found nothing. */
        MISSES,
        /** Lookups that found a value past its TTL. */
        EXPIRED,
        /** Lookups that found a value the model rejected (schema change, garbage, violated constraint). */
        INVALID,
        /** Lookups Redis could not serve. */
        LOOKUP_ERRORS,

        // Loads.
        /** Loader calls that returned a value (foreground and refresh-ahead). */
        LOADS,
        /** Loader calls that returned {@code null}. */
        NULL_LOADS,
        /** Loader calls that threw, whether or not a stale value was served instead. */
        LOAD_FAILURES,
        /** Loader failures answered with an expired value (stale-if-error). */
        STALE_SERVED,
        /** Nanoseconds spent in loaders, all outcomes. */
        LOAD_NANOS,
        /** Refresh-ahead reloads that stored a fresh value. */
        REFRESHES,
        /** Refresh-ahead reloads that failed; the old value stayed. */
        REFRESH_FAILURES,

        // Redis calls and errors.
        /** Redis calls the primary served. */
        PRIMARY_CALLS,
        /** Redis calls a replica served. */
        REPLICA_CALLS,
        /** Reads a replica failed that were retried on the primary. */
        REPLICA_FAILOVERS,
        /** Calls that failed with {@link CacheUnavailableException} (503). */
        UNAVAILABLE_ERRORS,
        /** Calls that failed with {@link CacheTimeoutException} (504). */
        TIMEOUT_ERRORS,
        /** Calls that failed with another {@link KompressCacheException} (500). */
        OTHER_ERRORS,
        /**
         * Calls that found every pooled connection to their node busy and waited in line for one. Waiting says the
         * client is saturated (raise the pool size, or lower concurrency), never that the node is down.
         */
        POOL_WAITS,
        /**
         * Of {@link #POOL_WAITS}, the calls that gave up after waiting the whole timeout (503; read-through calls
         * fail open to the loader). The node stays in rotation.
         */
        POOL_TIMEOUTS,

        // Writes.
        /**
         * Read-through write-backs refused because the entry was evicted or rewritten while the loader ran, which
         * closes the cache-aside race that would otherwise store a value older than the eviction.
         */
        REFUSED_WRITE_BACKS,
        /** Evictions that failed (primary down or slow) and were queued for retry. */
        DEFERRED_EVICTIONS,
        /**
         * Of {@link #DEFERRED_EVICTIONS}, those given up: the retry queue was full, or the cache closed before the
         * primary answered. Each was logged with its key.
         */
        ABANDONED_EVICTIONS,
        /**
         * Expired entries the background sweep removed (only on servers without per-field expiry, which remove
         * expired fields themselves).
         */
        SWEPT_ENTRIES,

        // The near cache.
        /** Lookups that asked for the near cache and went to Redis (then counted by what they found there). */
        NEAR_MISSES,
        /** Changes Redis reported of near-cached hash keys or fields, and this JVM's own writes of them. */
        NEAR_INVALIDATIONS,
        /**
         * Times the near cache was emptied because an invalidation stream may have missed a report, or cleared; in
         * the total only.
         */
        NEAR_FLUSHES,
        /**
         * Near entries read back after an invalidation of their hash key dropped them (see
         * {@link CacheListener.Event#NEAR_REFILL}), each a lookup that then did not need its own round trip.
         */
        NEAR_REFILLS,
        /**
         * Times a node refused what field-granular invalidation needs ({@code notify-keyspace-events}: see
         * docs/guides/NEAR-CACHE.md), so that its near-cache stream reports every write as a change of the whole hash
         * key; in the total only. {@link NodeHealth#nearInvalidation()} says which nodes report what now.
         */
        NEAR_KEY_FALLBACKS
    }
}
