package io.kompress.cache.internal.engine;

import io.kompress.cache.observability.CacheStats;
import java.util.Locale;
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

    @Override
    public long count(Counter counter) {
        return counts[counter.ordinal()];
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

    /** Every counter that is not zero, in declaration order, then the hit rate and the near cache's size. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Counter c : Counter.values()) {
            if (counts[c.ordinal()] != 0) {
                out.append(c.name().toLowerCase(Locale.ROOT)).append('=').append(counts[c.ordinal()]).append(' ');
            }
        }
        return out.append(String.format(Locale.ROOT, "hit_rate=%.3f near_entries=%d near_bytes=%d", hitRate(),
            nearEntries, nearBytes)).toString();
    }
}
