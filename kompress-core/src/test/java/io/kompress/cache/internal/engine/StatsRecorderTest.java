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

    @Test
    void runsOfOneKeyAndAlternatingKeysCountUnderTheRightKey() {
        StatsRecorder r = new StatsRecorder();
        String users = "users";
        for (int i = 0; i < 3; i++) {
            r.onLookup(users, CacheListener.Lookup.NEAR_HIT);
        }
        for (int i = 0; i < 4; i++) {
            r.onLookup(i % 2 == 0 ? "orders" : new String(users.toCharArray()), CacheListener.Lookup.NEAR_HIT);
            r.onLookup(null, CacheListener.Lookup.MISS);
        }
        CacheStats s = r.snapshot(0, 0);
        assertEquals(5, s.byKey().get("users").count(Counter.NEAR_HITS));
        assertEquals(2, s.byKey().get("orders").count(Counter.NEAR_HITS));
        assertEquals(4, s.byKey().get(CacheStats.NO_KEY).count(Counter.MISSES));
        assertEquals(7, s.count(Counter.NEAR_HITS));
    }

    @Test
    void totalsAreEveryKeysCountsPlusTheCountsOfNoKey() {
        StatsRecorder r = new StatsRecorder();
        r.onLookup("users", CacheListener.Lookup.NEAR_HIT);
        r.onLookup("orders", CacheListener.Lookup.NEAR_HIT);
        r.onEvent("users", CacheListener.Event.NEAR_INVALIDATION, 3);
        r.onEvent(null, CacheListener.Event.NEAR_FLUSH, 2);
        r.nearKeyFallback();
        CacheStats s = r.snapshot(0, 0);
        assertEquals(2, s.count(Counter.NEAR_HITS));
        assertEquals(3, s.count(Counter.NEAR_INVALIDATIONS));
        assertEquals(2, s.count(Counter.NEAR_FLUSHES));
        assertEquals(1, s.count(Counter.NEAR_KEY_FALLBACKS));
        long flushesByKey = s.byKey().values().stream().mapToLong(k -> k.count(Counter.NEAR_FLUSHES)).sum();
        assertEquals(0, flushesByKey, "a flush belongs to no key");
        assertEquals(1, s.byKey().get("users").count(Counter.NEAR_HITS));
    }
}
