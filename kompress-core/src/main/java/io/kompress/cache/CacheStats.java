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
public final class CacheStats {

    /** How many distinct hash keys get their own figures. */
    public static final int MAX_KEYS = 1000;

    /** The {@link #byKey()} entry summing keys beyond {@link #MAX_KEYS}. */
    public static final String OTHER_KEYS = "(other)";

    /** The {@link #byKey()} entry for calls that name no hash key ({@code onPrimary}, {@code onReplica}). */
    public static final String NO_KEY = "(none)";

    /** The counters, in the order {@link StatsRecorder} keeps them. */
    enum Counter {
        HITS, NULL_HITS, MISSES, EXPIRED, INVALID, LOOKUP_ERRORS,
        LOADS, NULL_LOADS, LOAD_FAILURES, STALE_SERVED, LOAD_NANOS,
        REFRESHES, REFRESH_FAILURES,
        PRIMARY_CALLS, REPLICA_CALLS, FAILOVERS,
        UNAVAILABLE_ERRORS, TIMEOUT_ERRORS, OTHER_ERRORS
    }

    private final long[] counts;
    private final Map<String, CacheStats> byKey;

    CacheStats(long[] counts, Map<String, CacheStats> byKey) {
        this.counts = counts;
        this.byKey = byKey;
    }

    private long get(Counter c) {
        return counts[c.ordinal()];
    }

    /**
     * Lookups that returned a cached value.
     *
     * @return the count
     */
    public long hits() {
        return get(Counter.HITS);
    }

    /**
     * Lookups that returned a cached {@code null} (negative caching).
     *
     * @return the count
     */
    public long nullHits() {
        return get(Counter.NULL_HITS);
    }

    /**
     * Lookups that found nothing.
     *
     * @return the count
     */
    public long misses() {
        return get(Counter.MISSES);
    }

    /**
     * Lookups that found a value past its TTL.
     *
     * @return the count
     */
    public long expired() {
        return get(Counter.EXPIRED);
    }

    /**
     * Lookups that found a value the model rejected (schema change, garbage, violated constraint).
     *
     * @return the count
     */
    public long invalid() {
        return get(Counter.INVALID);
    }

    /**
     * Lookups Redis could not serve.
     *
     * @return the count
     */
    public long lookupErrors() {
        return get(Counter.LOOKUP_ERRORS);
    }

    /**
     * Hits and null hits over all lookups, or 0 before the first lookup.
     *
     * @return the rate in [0, 1]
     */
    public double hitRate() {
        long found = hits() + nullHits();
        long all = found + misses() + expired() + invalid() + lookupErrors();
        return all == 0 ? 0 : (double) found / all;
    }

    /**
     * Loader calls that returned a value (foreground and refresh-ahead).
     *
     * @return the count
     */
    public long loads() {
        return get(Counter.LOADS);
    }

    /**
     * Loader calls that returned {@code null}.
     *
     * @return the count
     */
    public long nullLoads() {
        return get(Counter.NULL_LOADS);
    }

    /**
     * Loader calls that threw, whether or not a stale value was served instead.
     *
     * @return the count
     */
    public long loadFailures() {
        return get(Counter.LOAD_FAILURES);
    }

    /**
     * Loader failures answered with an expired value (stale-if-error).
     *
     * @return the count
     */
    public long staleServed() {
        return get(Counter.STALE_SERVED);
    }

    /**
     * Nanoseconds spent in loaders, all outcomes.
     *
     * @return the count
     */
    public long totalLoadNanos() {
        return get(Counter.LOAD_NANOS);
    }

    /**
     * Refresh-ahead reloads that stored a fresh value.
     *
     * @return the count
     */
    public long refreshes() {
        return get(Counter.REFRESHES);
    }

    /**
     * Refresh-ahead reloads that failed; the old value stayed.
     *
     * @return the count
     */
    public long refreshFailures() {
        return get(Counter.REFRESH_FAILURES);
    }

    /**
     * Redis calls the primary served.
     *
     * @return the count
     */
    public long primaryCalls() {
        return get(Counter.PRIMARY_CALLS);
    }

    /**
     * Redis calls a replica served.
     *
     * @return the count
     */
    public long replicaCalls() {
        return get(Counter.REPLICA_CALLS);
    }

    /**
     * Reads a replica failed that were retried on the primary.
     *
     * @return the count
     */
    public long replicaFailovers() {
        return get(Counter.FAILOVERS);
    }

    /**
     * Calls that failed with {@link CacheUnavailableException} (503).
     *
     * @return the count
     */
    public long unavailableErrors() {
        return get(Counter.UNAVAILABLE_ERRORS);
    }

    /**
     * Calls that failed with {@link CacheTimeoutException} (504).
     *
     * @return the count
     */
    public long timeoutErrors() {
        return get(Counter.TIMEOUT_ERRORS);
    }

    /**
     * Calls that failed with another {@link KompressCacheException} (500).
     *
     * @return the count
     */
    public long otherErrors() {
        return get(Counter.OTHER_ERRORS);
    }

    /**
     * The same figures per hash key name. Entries of the map have an empty {@code byKey()}.
     *
     * @return an unmodifiable map from hash key to its figures
     */
    public Map<String, CacheStats> byKey() {
        return byKey;
    }

    @Override
    public String toString() {
        return String.format("hits=%d nullHits=%d misses=%d expired=%d invalid=%d lookupErrors=%d hitRate=%.3f"
                + " loads=%d nullLoads=%d loadFailures=%d staleServed=%d loadTime=%dms refreshes=%d refreshFailures=%d"
                + " primaryCalls=%d replicaCalls=%d failovers=%d errors[503=%d 504=%d 500=%d]",
            hits(), nullHits(), misses(), expired(), invalid(), lookupErrors(), hitRate(), loads(), nullLoads(),
            loadFailures(), staleServed(), totalLoadNanos() / 1_000_000, refreshes(), refreshFailures(),
            primaryCalls(), replicaCalls(), replicaFailovers(), unavailableErrors(), timeoutErrors(), otherErrors());
    }
}
