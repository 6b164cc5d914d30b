package io.kompress.cache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.NearCacheOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A lookup by number finds exactly the entry stored under that number's {@code Long.toString} text, and nothing
 * else: the woven fast path looks up {@code find(long id)} without building the field's text.
 */
class NearCacheNumberLookupTest {

    record Item(long n) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private static final CachePolicy P = CachePolicy.none();
    private final NearCache near = TestNear.create(NearCacheOptions.of(1 << 20, Duration.ofSeconds(1)), k -> true);

    private void store(String field, long n) {
        near.put(near.capture("k"), "k", new NearCache.Held(field, ITEM, P), new Item(n), Long.MAX_VALUE, 10, false);
    }

    @Test
    void aNumberFindsTheEntryStoredUnderItsDecimalText() {
        long[] numbers = {0, 7, -7, 42, 1_000_000_007L, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (long n : numbers) {
            store(Long.toString(n), n);
        }
        for (long n : numbers) {
            assertEquals(new Item(n), near.get("k", n, ITEM), "lookup of " + n);
            assertEquals(new Item(n), near.get("k", Long.toString(n), ITEM), "text lookup of " + n);
        }
    }

    @Test
    void otherTextsOfTheSameNumberAreOtherFields() {
        store("042", 42);
        store("+7", 7);
        store("-0", 0);
        assertSame(NearCache.MISS, near.get("k", 42, ITEM));
        assertSame(NearCache.MISS, near.get("k", 7, ITEM));
        assertSame(NearCache.MISS, near.get("k", 0, ITEM));
    }

    @Test
    void textLookupsOfNumericAndOtherFieldsFindExactlyTheirOwnText() {
        String[] texts = {"0", "7", "-7", "007", "-0", "+7", "7a", "", "-", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "12345678901234567890123"};
        for (int i = 0; i < texts.length; i++) {
            store(texts[i], i);
        }
        for (int i = 0; i < texts.length; i++) {
            assertEquals(new Item(i), near.get("k", new String(texts[i].toCharArray()), ITEM), texts[i]);
        }
        assertEquals(new Item(1), near.get("k", 7, ITEM));
        assertEquals(new Item(9), near.get("k", Long.MAX_VALUE, ITEM));
        assertEquals(new Item(10), near.get("k", Long.MIN_VALUE, ITEM));
        assertSame(NearCache.MISS, near.get("k", "70", ITEM));
    }

    @Test
    void theHashKeyStillCounts() {
        near.put(near.capture("other"), "other", new NearCache.Held("5", ITEM, P), new Item(5),
            Long.MAX_VALUE, 10, false);
        assertSame(NearCache.MISS, near.get("k", 5, ITEM));
        assertEquals(new Item(5), near.get("other", 5, ITEM));
    }

    @Test
    void anInvalidationDropsEntriesWhicheverWayTheyAreLookedUp() {
        store("9", 9);
        assertEquals(new Item(9), near.get("k", 9, ITEM));
        near.invalidate("k", 0);
        assertSame(NearCache.MISS, near.get("k", 9, ITEM));
        assertSame(NearCache.MISS, near.get("k", "9", ITEM));
        assertEquals(0, near.entries());
    }
}
