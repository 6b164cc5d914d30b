package io.kompress.cache;

import java.util.Map;

/**
 * A snapshot of what a cache has done since it was created: lookups by outcome, loads and their time,
 * refreshes, reads by the node role that served them, replica failovers and errors by kind, in total and
 * per hash key name ({@link #byKey()}). Taken with {@link KompressCache#stats()}; cheap enough to poll.
 *
 * <p>Counters only grow; subtract two snapshots for a rate. {@link #hitRate()} is the usual headline figure.
 * Per-key figures are kept for the first {@value #MAX_KEYS} distinct hash keys; later ones are summed under
 * {@link #OTHER_KEYS}, so templated keys such as {@code "orders:#tenant"} cannot grow memory without bound.
 */
public interface CacheStats {

    /** How many distinct hash keys get their own figures. */
    int MAX_KEYS = 1000;

    /** The {@link #byKey()} entry summing keys beyond {@link #MAX_KEYS}. */
    String OTHER_KEYS = "(other)";

    /** The {@link #byKey()} entry for calls that name no hash key ({@code onPrimary}, {@code onReplica}). */
    String NO_KEY = "(none)";

    /**
     * Lookups that returned a cached value.
     *
     * @return the count
     */
    long hits();

    /**
     * Lookups that returned a cached {@code null} (negative caching).
     *
     * @return the count
     */
    long nullHits();

    /**
     * Lookups that found nothing.
     *
     * @return the count
     */
    long misses();

    /**
     * Lookups that found a value past its TTL.
     *
     * @return the count
     */
    long expired();

    /**
     * Lookups that found a value the model rejected (schema change, garbage, violated constraint).
     *
     * @return the count
     */
    long invalid();

    /**
     * Lookups Redis could not serve.
     *
     * @return the count
     */
    long lookupErrors();

    /**
     * Hits, null hits and near hits over all lookups, or 0 before the first lookup.
     *
     * @return the rate in [0, 1]
     */
    default double hitRate() {
        long found = hits() + nullHits() + nearHits();
        long all = found + misses() + expired() + invalid() + lookupErrors();
        return all == 0 ? 0 : (double) found / all;
    }

    /**
     * Loader calls that returned a value (foreground and refresh-ahead).
     *
     * @return the count
     */
    long loads();

    /**
     * Loader calls that returned {@code null}.
     *
     * @return the count
     */
    long nullLoads();

    /**
     * Loader calls that threw, whether or not a stale value was served instead.
     *
     * @return the count
     */
    long loadFailures();

    /**
     * Loader failures answered with an expired value (stale-if-error).
     *
     * @return the count
     */
    long staleServed();

    /**
     * Nanoseconds spent in loaders, all outcomes.
     *
     * @return the count
     */
    long totalLoadNanos();

    /**
     * Refresh-ahead reloads that stored a fresh value.
     *
     * @return the count
     */
    long refreshes();

    /**
     * Refresh-ahead reloads that failed; the old value stayed.
     *
     * @return the count
     */
    long refreshFailures();

    /**
     * Redis calls the primary served.
     *
     * @return the count
     */
    long primaryCalls();

    /**
     * Redis calls a replica served.
     *
     * @return the count
     */
    long replicaCalls();

    /**
     * Reads a replica failed that were retried on the primary.
     *
     * @return the count
     */
    long replicaFailovers();

    /**
     * Calls that failed with {@link CacheUnavailableException} (503).
     *
     * @return the count
     */
    long unavailableErrors();

    /**
     * Calls that failed with {@link CacheTimeoutException} (504).
     *
     * @return the count
     */
    long timeoutErrors();

    /**
     * Calls that failed with another {@link KompressCacheException} (500).
     *
     * @return the count
     */
    long otherErrors();

    /**
     * The same figures per hash key name. Entries of the map have an empty {@code byKey()}.
     *
     * @return an unmodifiable map from hash key to its figures
     */
    Map<String, CacheStats> byKey();

    /**
     * Expired entries the background sweep removed (only on servers without per-field expiry, which remove
     * expired fields themselves).
     *
     * @return the count
     */
    long sweptEntries();

    /**
     * Calls that found every pooled connection to their node busy and waited in line for one. Waiting says the
     * client is saturated (raise {@code poolSize}, or lower concurrency), never that the node is down.
     *
     * @return the count
     */
    long poolWaits();

    /**
     * Of {@link #poolWaits()}, the calls that gave up after waiting the whole timeout (503; read-through calls
     * fail open to the loader). The node stays in rotation.
     *
     * @return the count
     */
    long poolTimeouts();

    /**
     * Read-through write-backs refused because the entry was evicted or rewritten while the loader ran, which
     * closes the cache-aside race that would otherwise store a value older than the eviction.
     *
     * @return the count
     */
    long refusedWriteBacks();

    /**
     * Evictions that failed (primary down or slow) and were queued for retry.
     *
     * @return the count
     */
    long deferredEvictions();

    /**
     * Of {@link #deferredEvictions()}, those given up: the retry queue was full, or the cache closed before the
     * primary answered. Each was logged with its key.
     *
     * @return the count
     */
    long abandonedEvictions();

    /**
     * Lookups answered from this JVM's near cache, without a Redis call (not counted in {@link #hits()}).
     *
     * @return the count
     */
    long nearHits();

    /**
     * Lookups that asked for the near cache and went to Redis (then counted by what they found there).
     *
     * @return the count
     */
    long nearMisses();

    /**
     * Changes Redis reported of near-cached hash keys, and this JVM's own writes of them.
     *
     * @return the count
     */
    long nearInvalidations();

    /**
     * Times the near cache was emptied because an invalidation stream may have missed a report, or cleared; in
     * the total only.
     *
     * @return the count
     */
    long nearFlushes();

    /**
     * Near entries read back after an invalidation of their hash key dropped them (see
     * {@link CacheListener#onNearRefill}), each a lookup that then did not need its own round trip.
     *
     * @return the count
     */
    long nearRefills();

    /**
     * Times a node refused what field-granular invalidation needs ({@code notify-keyspace-events}: see
     * docs/NEARCACHE.md), so that its near-cache stream reports every write as a change of the whole hash key; in
     * the total only. {@link NodeHealth#nearInvalidation()} says which nodes report what now.
     *
     * @return the count
     */
    long nearKeyFallbacks();

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
}
