package io.kompress.cache.internal.engine;

import io.kompress.cache.CacheStats;
import io.kompress.cache.internal.engine.StatsRecorder.Counter;
import java.util.Map;

/** An immutable {@link CacheStats}: the recorder's counters summed at one moment. */
final class StatsSnapshot implements CacheStats {

    private final long[] counts;
    private final Map<String, CacheStats> byKey;
    private final long nearEntries;
    private final long nearBytes;

    StatsSnapshot(long[] counts, Map<String, CacheStats> byKey, long nearEntries, long nearBytes) {
        this.counts = counts;
        this.byKey = byKey;
        this.nearEntries = nearEntries;
        this.nearBytes = nearBytes;
    }

    private long get(Counter c) {
        return counts[c.ordinal()];
    }

    @Override
    public long hits() {
        return get(Counter.HITS);
    }

    @Override
    public long nullHits() {
        return get(Counter.NULL_HITS);
    }

    @Override
    public long misses() {
        return get(Counter.MISSES);
    }

    @Override
    public long expired() {
        return get(Counter.EXPIRED);
    }

    @Override
    public long invalid() {
        return get(Counter.INVALID);
    }

    @Override
    public long lookupErrors() {
        return get(Counter.LOOKUP_ERRORS);
    }

    @Override
    public long loads() {
        return get(Counter.LOADS);
    }

    @Override
    public long nullLoads() {
        return get(Counter.NULL_LOADS);
    }

    @Override
    public long loadFailures() {
        return get(Counter.LOAD_FAILURES);
    }

    @Override
    public long staleServed() {
        return get(Counter.STALE_SERVED);
    }

    @Override
    public long totalLoadNanos() {
        return get(Counter.LOAD_NANOS);
    }

    @Override
    public long refreshes() {
        return get(Counter.REFRESHES);
    }

    @Override
    public long refreshFailures() {
        return get(Counter.REFRESH_FAILURES);
    }

    @Override
    public long primaryCalls() {
        return get(Counter.PRIMARY_CALLS);
    }

    @Override
    public long replicaCalls() {
        return get(Counter.REPLICA_CALLS);
    }

    @Override
    public long replicaFailovers() {
        return get(Counter.FAILOVERS);
    }

    @Override
    public long unavailableErrors() {
        return get(Counter.UNAVAILABLE_ERRORS);
    }

    @Override
    public long timeoutErrors() {
        return get(Counter.TIMEOUT_ERRORS);
    }

    @Override
    public long otherErrors() {
        return get(Counter.OTHER_ERRORS);
    }

    @Override
    public long sweptEntries() {
        return get(Counter.SWEPT);
    }

    @Override
    public long refusedWriteBacks() {
        return get(Counter.REFUSED_WRITE_BACKS);
    }

    @Override
    public long deferredEvictions() {
        return get(Counter.DEFERRED_EVICTIONS);
    }

    @Override
    public long abandonedEvictions() {
        return get(Counter.ABANDONED_EVICTIONS);
    }

    @Override
    public long poolWaits() {
        return get(Counter.POOL_WAITS);
    }

    @Override
    public long poolTimeouts() {
        return get(Counter.POOL_TIMEOUTS);
    }

    @Override
    public long nearHits() {
        return get(Counter.NEAR_HITS);
    }

    @Override
    public long nearMisses() {
        return get(Counter.NEAR_MISSES);
    }

    @Override
    public long nearInvalidations() {
        return get(Counter.NEAR_INVALIDATIONS);
    }

    @Override
    public long nearFlushes() {
        return get(Counter.NEAR_FLUSHES);
    }

    @Override
    public long nearRefills() {
        return get(Counter.NEAR_REFILLS);
    }

    @Override
    public long nearKeyFallbacks() {
        return get(Counter.NEAR_KEY_FALLBACKS);
    }

    @Override
    public long nearEntries() {
        return nearEntries;
    }

    @Override
    public long nearBytes() {
        return nearBytes;
    }

    @Override
    public Map<String, CacheStats> byKey() {
        return byKey;
    }

    @Override
    public String toString() {
        return String.format("hits=%d nullHits=%d misses=%d expired=%d invalid=%d lookupErrors=%d hitRate=%.3f"
                + " loads=%d nullLoads=%d loadFailures=%d staleServed=%d loadTime=%dms refreshes=%d refreshFailures=%d"
                + " primaryCalls=%d replicaCalls=%d failovers=%d errors[503=%d 504=%d 500=%d] swept=%d"
                + " poolWaits=%d poolTimeouts=%d refusedWriteBacks=%d deferredEvictions=%d abandonedEvictions=%d"
                + " near[hits=%d misses=%d invalidations=%d flushes=%d refills=%d keyFallbacks=%d entries=%d bytes=%d]",
            hits(), nullHits(), misses(), expired(), invalid(), lookupErrors(), hitRate(), loads(), nullLoads(),
            loadFailures(), staleServed(), totalLoadNanos() / 1_000_000, refreshes(), refreshFailures(),
            primaryCalls(), replicaCalls(), replicaFailovers(), unavailableErrors(), timeoutErrors(), otherErrors(),
            sweptEntries(), poolWaits(), poolTimeouts(), refusedWriteBacks(), deferredEvictions(),
            abandonedEvictions(), nearHits(), nearMisses(), nearInvalidations(), nearFlushes(), nearRefills(),
            nearKeyFallbacks(), nearEntries(), nearBytes());
    }
}
