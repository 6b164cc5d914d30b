package io.kompress.cache.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import org.junit.jupiter.api.Test;

class StatsRecorderTest {

    @Test
    void perKeyFiguresAreBoundedAndTheRestIsSummed() {
        StatsRecorder r = new StatsRecorder();
        for (int i = 0; i < CacheStats.MAX_KEYS + 50; i++) {
            r.onLookup("key" + i, CacheListener.Lookup.HIT);
        }
        CacheStats s = r.snapshot(0, 0);
        assertEquals(CacheStats.MAX_KEYS + 50, s.count(Counter.HITS));
        assertTrue(s.byKey().size() <= CacheStats.MAX_KEYS + 1, "size " + s.byKey().size());
        assertTrue(s.byKey().get(CacheStats.OTHER_KEYS).count(Counter.HITS) >= 50);
    }
}
