package io.kompress.cache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.kompress.cache.CacheModel;
import io.kompress.cache.NearCacheOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The near cache's epoch and generation rules, without Redis: a value read before an invalidation or a flush is
 * never served, whether the report came before or after the store; expiry; models; the memory bound.
 */
class NearCacheCountersTest {

    record Item(int n) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private final AtomicBoolean tracked = new AtomicBoolean(true);
    private final NearCache near = new NearCache(NearCacheOptions.of(1 << 20, Duration.ofSeconds(1)),
        k -> tracked.get());

    @Test
    void aValueStoredWithAFreshTokenIsServedUntilItsExpiry() {
        Item v = new Item(1);
        near.put(near.capture("k"), "k", "f", ITEM, v, 1_000, 10);
        assertSame(v, near.get("k", "f", ITEM, 999));
        assertSame(NearCache.MISS, near.get("k", "f", ITEM, 1_000));
    }

    @Test
    void anInvalidationBetweenCaptureAndStoreWins() {
        NearCache.Token t = near.capture("k");
        near.invalidate("k");
        near.put(t, "k", "f", ITEM, new Item(1), Long.MAX_VALUE, 10);
        assertSame(NearCache.MISS, near.get("k", "f", ITEM, 0));
    }

    @Test
    void aFlushBetweenCaptureAndStoreWins() {
        NearCache.Token t = near.capture("k");
        near.flush("test");
        near.put(t, "k", "f", ITEM, new Item(1), Long.MAX_VALUE, 10);
        assertSame(NearCache.MISS, near.get("k", "f", ITEM, 0));
    }

    @Test
    void anInvalidationAfterTheStoreDropsEveryFieldOfTheKeyOnly() {
        near.put(near.capture("k"), "k", "a", ITEM, new Item(1), Long.MAX_VALUE, 10);
        near.put(near.capture("k"), "k", "b", ITEM, new Item(2), Long.MAX_VALUE, 10);
        near.put(near.capture("other"), "other", "a", ITEM, new Item(3), Long.MAX_VALUE, 10);
        near.invalidate("k");
        assertSame(NearCache.MISS, near.get("k", "a", ITEM, 0));
        assertSame(NearCache.MISS, near.get("k", "b", ITEM, 0));
        assertEquals(new Item(3), near.get("other", "a", ITEM, 0));
    }

    @Test
    void noTokenWhenSomeNodeDoesNotTrackTheKeyYet() {
        tracked.set(false);
        assertNull(near.capture("k"));
    }

    @Test
    void aCachedNullIsServedAsNullAndAnotherModelMisses() {
        near.put(near.capture("k"), "k", "f", ITEM, null, Long.MAX_VALUE, 4);
        assertNull(near.get("k", "f", ITEM, 0));
        assertSame(NearCache.MISS, near.get("k", "f", CacheModel.of(String.class), 0));
    }

    @Test
    void theWeightBoundEvicts() {
        NearCache small = new NearCache(NearCacheOptions.of(10_000, Duration.ofSeconds(1)), k -> true);
        for (int i = 0; i < 1_000; i++) {
            small.put(small.capture("k" + i), "k" + i, "f", ITEM, new Item(i), Long.MAX_VALUE, 100);
        }
        small.cleanUp();
        assertEquals(true, small.bytes() <= 10_000, "bytes " + small.bytes());
        assertEquals(true, small.entries() < 1_000, "entries " + small.entries());
    }
}
