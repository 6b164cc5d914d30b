package io.kompress.cache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.NearCacheOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field invalidations, this instance's own writes and the fills racing them, without Redis. */
class NearCacheFieldsTest {

    record Item(int id) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private static final CachePolicy P = CachePolicy.none();
    private final Stamps stamps = new Stamps();
    private final NearCache near = new NearCache(NearCacheOptions.of(1 << 20, Duration.ofSeconds(1)), k -> true,
        stamps, () -> 1, 1_000, () -> 0L);

    private boolean fill(NearCache.Token t, String field, int id, boolean fromPrimary) {
        return near.put(t, "k", new NearCache.Held(field, ITEM, P), new Item(id), Long.MAX_VALUE, 10, fromPrimary);
    }

    @Test
    void anotherInstancesWriteDropsOnlyItsFields() {
        fill(near.capture("k"), "a", 1, false);
        fill(near.capture("k"), "b", 2, false);
        near.fieldsWritten("primary", "k", new Stamps().next(), List.of("a"), 0);
        assertSame(NearCache.MISS, near.get("k", "a", ITEM));
        assertEquals(new Item(2), near.get("k", "b", ITEM));
    }

    @Test
    void aFieldInvalidationBetweenTheCaptureAndTheStoreWins() {
        NearCache.Token t = near.capture("k");
        near.fieldsWritten("primary", "k", new Stamps().next(), List.of("a"), 0);
        assertFalse(fill(t, "a", 1, false));
        assertTrue(fill(t, "b", 2, false), "another field's fill is not refused");
        assertTrue(fill(near.capture("k"), "a", 1, false), "a fill captured after it is kept");
    }

    @Test
    void aValueThisInstanceWroteIsKeptAndItsOwnReportsDoNotDropIt() {
        String stamp = stamps.next();
        near.writing("k", List.of("a"), stamp);
        NearCache.Token t = near.capture("k");
        near.fieldsWritten("primary", "k", stamp, List.of("a"), 0); // the primary's report may come first
        assertTrue(near.putOwn(t, "k", new NearCache.Held("a", ITEM, P), new Item(7), Long.MAX_VALUE, 10, stamp));
        near.written("k", List.of("a"), stamp, true);
        assertEquals(new Item(7), near.get("k", "a", ITEM));
        near.fieldsWritten("replica", "k", new Stamps().next(), List.of("a"), 0);
        assertSame(NearCache.MISS, near.get("k", "a", ITEM), "a later write by anyone else drops it");
    }

    @Test
    void whileItsWriteIsPendingAFieldIsFilledOnlyFromThePrimary() {
        String stamp = stamps.next();
        near.writing("k", List.of("a"), stamp);
        near.written("k", List.of("a"), stamp, true);
        assertTrue(near.primaryOnly("k", "a"));
        assertFalse(fill(near.capture("k"), "a", 1, false), "a replica may not have the write yet");
        assertTrue(fill(near.capture("k"), "a", 1, true));
        near.fieldsWritten("primary", "k", stamp, List.of("a"), 0); // the one field stream reported it
        assertFalse(near.primaryOnly("k", "a"));
        assertTrue(fill(near.capture("k"), "b", 1, false));
    }

    @Test
    void aWholeKeyInvalidationAfterTheCaptureRefusesTheOwnValue() {
        String stamp = stamps.next();
        near.writing("k", List.of("a"), stamp);
        NearCache.Token t = near.capture("k");
        near.invalidate("k", 0); // someone else's write of the key, at the same time
        assertFalse(near.putOwn(t, "k", new NearCache.Held("a", ITEM, P), new Item(7), Long.MAX_VALUE, 10, stamp));
    }

    @Test
    void aSecondFillOfAFieldIsServedAndTheFirstValueIsNotKeptByTheMapsKey() {
        assertTrue(fill(near.capture("k"), "a", 1, true));
        assertTrue(fill(near.capture("k"), "a", 2, true), "a second fill of a field held (another loader's)");
        assertEquals(new Item(2), near.get("k", "a", ITEM));
        assertTrue(near.keyHoldsNoStaleValue("k", "a"), "the first fill, still the map's key, let go of its value");
        assertEquals(1, near.entries());
        assertTrue(fill(near.capture("k"), "a", 3, true));
        assertEquals(new Item(3), near.get("k", "a", ITEM), "a third fill is served too");
        assertTrue(near.keyHoldsNoStaleValue("k", "a"));
    }
}
