package io.kompress.cache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.NearCacheOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The near cache's epoch and generation rules, without Redis: a value read before an invalidation or a flush is
 * never served, whether the report came before or after the store; expiry; models; the memory bound.
 */
class NearCacheCountersTest {

    record Item(int n) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private static final CachePolicy P = CachePolicy.none();
    private final AtomicBoolean tracked = new AtomicBoolean(true);
    private final AtomicLong now = new AtomicLong();
    private final NearCache near = TestNear.create(NearCacheOptions.of(1 << 20, Duration.ofSeconds(1)),
        k -> tracked.get(), now::get);

    @Test
    void aValueStoredWithAFreshTokenIsServedUntilItsExpiry() {
        Item v = new Item(1);
        near.put(near.capture("k"), "k", new NearCache.Held("f", ITEM, P), v, 1_000, 10, false);
        now.set(999);
        assertSame(v, near.get("k", "f", ITEM));
        now.set(1_000);
        assertSame(NearCache.MISS, near.get("k", "f", ITEM));
    }

    @Test
    void anInvalidationBetweenCaptureAndStoreWins() {
        NearCache.Token t = near.capture("k");
        near.invalidate("k", 0);
        near.put(t, "k", new NearCache.Held("f", ITEM, P), new Item(1), Long.MAX_VALUE, 10, false);
        assertSame(NearCache.MISS, near.get("k", "f", ITEM));
    }

    @Test
    void aFlushBetweenCaptureAndStoreWins() {
        NearCache.Token t = near.capture("k");
        near.flush("test");
        near.put(t, "k", new NearCache.Held("f", ITEM, P), new Item(1), Long.MAX_VALUE, 10, false);
        assertSame(NearCache.MISS, near.get("k", "f", ITEM));
    }

    @Test
    void anInvalidationAfterTheStoreDropsEveryFieldOfTheKeyOnly() {
        near.put(near.capture("k"), "k", new NearCache.Held("a", ITEM, P), new Item(1), Long.MAX_VALUE, 10, false);
        near.put(near.capture("k"), "k", new NearCache.Held("b", ITEM, P), new Item(2), Long.MAX_VALUE, 10, false);
        near.put(near.capture("other"), "other", new NearCache.Held("a", ITEM, P), new Item(3),
            Long.MAX_VALUE, 10, false);
        near.invalidate("k", 0);
        assertSame(NearCache.MISS, near.get("k", "a", ITEM));
        assertSame(NearCache.MISS, near.get("k", "b", ITEM));
        assertEquals(new Item(3), near.get("other", "a", ITEM));
    }

    @Test
    void anInvalidationHandsBackTheDroppedEntriesThatWereHitAndNoMoreThanAsked() {
        for (String f : new String[] {"a", "b", "c", "d"}) {
            near.put(near.capture("k"), "k", new NearCache.Held(f, ITEM, P), new Item(f.charAt(0)),
                Long.MAX_VALUE, 10, false);
        }
        near.get("k", "a", ITEM);
        near.get("k", "b", ITEM);
        near.get("k", "b", ITEM);
        near.get("k", "c", CacheModel.of(String.class)); // another model: not a hit
        List<NearCache.Held> hot = near.invalidate("k", 10);
        assertEquals(Set.of("a", "b"), hot.stream().map(NearCache.Held::field).collect(Collectors.toSet()));
        assertSame(ITEM, hot.get(0).model());
        assertSame(P, hot.get(0).policy());
        assertSame(NearCache.MISS, near.get("k", "a", ITEM), "dropped all the same");
        assertEquals(0, near.entries());

        near.put(near.capture("k"), "k", new NearCache.Held("a", ITEM, P), new Item(1), Long.MAX_VALUE, 10, false);
        near.put(near.capture("k"), "k", new NearCache.Held("b", ITEM, P), new Item(2), Long.MAX_VALUE, 10, false);
        assertEquals(List.of(), near.invalidate("k", 10), "read again by a lookup, not hit since: no credit");
        near.put(near.capture("k"), "k", new NearCache.Held("a", ITEM, P), new Item(1), Long.MAX_VALUE, 10, false);
        near.put(near.capture("k"), "k", new NearCache.Held("b", ITEM, P), new Item(2), Long.MAX_VALUE, 10, false);
        near.get("k", "a", ITEM);
        near.get("k", "b", ITEM);
        assertEquals(1, near.invalidate("k", 1).size(), "the limit");
    }

    @Test
    void aRefilledEntryNobodyHitsIsReadBackAtMostHotTimes() {
        near.put(near.capture("k"), "k", new NearCache.Held("a", ITEM, P), new Item(1), Long.MAX_VALUE, 10, false);
        near.get("k", "a", ITEM);
        int refills = 0;
        List<NearCache.Held> hot = near.invalidate("k", 10);
        while (!hot.isEmpty()) {
            refills++;
            assertEquals(NearCache.HOT - refills, hot.get(0).credit());
            near.put(near.capture("k"), "k", hot.get(0), new Item(1),
                Long.MAX_VALUE, 10, false); // a refill, no hit after
            hot = near.invalidate("k", 10);
        }
        assertEquals(NearCache.HOT, refills, "each report of a write spends one credit; a hit restores them all");
    }

    @Test
    void aRefillTokenCapturedBeforeAnotherInvalidationKeepsNothing() {
        near.put(near.capture("k"), "k", new NearCache.Held("a", ITEM, P), new Item(1), Long.MAX_VALUE, 10, false);
        near.get("k", "a", ITEM);
        near.invalidate("k", 10);
        NearCache.Token refill = near.capture("k"); // a refill captures, then reads...
        near.invalidate("k", 10); // ...and a second write is reported before it stores
        near.put(refill, "k", new NearCache.Held("a", ITEM, P), new Item(1), Long.MAX_VALUE, 10, false);
        assertSame(NearCache.MISS, near.get("k", "a", ITEM));
    }

    @Test
    void noTokenWhenSomeNodeDoesNotTrackTheKeyYet() {
        tracked.set(false);
        assertNull(near.capture("k"));
    }

    @Test
    void aCachedNullIsServedAsNullAndAnotherModelMisses() {
        near.put(near.capture("k"), "k", new NearCache.Held("f", ITEM, P), null, Long.MAX_VALUE, 4, false);
        assertNull(near.get("k", "f", ITEM));
        assertSame(NearCache.MISS, near.get("k", "f", CacheModel.of(String.class)));
    }

    @Test
    void theWeightBoundEvicts() {
        NearCache small = TestNear.create(NearCacheOptions.of(10_000, Duration.ofSeconds(1)), k -> true);
        for (int i = 0; i < 1_000; i++) {
            small.put(small.capture("k" + i), "k" + i, new NearCache.Held("f", ITEM, P), new Item(i), Long.MAX_VALUE,
                100, false);
        }
        small.cleanUp();
        assertEquals(true, small.bytes() <= 10_000, "bytes " + small.bytes());
        assertEquals(true, small.entries() < 1_000, "entries " + small.entries());
    }
}
