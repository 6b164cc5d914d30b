package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.internal.engine.DefaultKompressCache;
import io.kompress.cache.internal.engine.Entries;
import io.kompress.cache.internal.time.FakeTime;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * On servers without per-field expiry (Redis before 7.4) the background sweep removes expired entries, so hashes
 * of short-lived ids do not grow without bound: only entries past their expiry and stale window, never a plain
 * value, a fresh rewrite or a value another client wrote over an expiring entry, and only when the sweep interval
 * comes round. Real Redis, fake time.
 */
class ExpirySweepTest {

    record Item(int id) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private static final CachePolicy TEN_SECONDS = CachePolicy.builder().ttl(Duration.ofSeconds(10)).build();
    private static final CachePolicy STALE_HOUR = CachePolicy.builder().ttl(Duration.ofSeconds(10))
        .staleIfError(Duration.ofHours(1)).build();

    @Test
    void expiredEntriesAreSweptAtTheIntervalAndNothingElseIs() {
        FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = new DefaultKompressCache(TestCaches.configFor(redis, Duration.ofSeconds(2))
                 .sweepInterval(Duration.ofMinutes(1)).build(), time)) {
            Assumptions.assumeFalse(redis.primary().hasFieldExpiry(), "the server expires fields itself");
            for (int i = 0; i < 500; i++) {
                int id = i;
                cache.hgetL("sweep:a", Integer.toString(i), () -> new Item(id), ITEM, TEN_SECONDS);
            }
            for (int i = 0; i < 10; i++) {
                int id = i;
                cache.hgetL("sweep:b", Integer.toString(i), () -> new Item(id), ITEM, STALE_HOUR);
            }
            cache.hset("sweep:a", "plain", "never expires");
            try (Jedis j = redis.primary().connect()) {
                j.hset("sweep:a", "5", "{\"id\":5,\"by\":\"another client\"}"); // over an expiring entry
            }
            LongSupplier sizeA = () -> hlen(redis, "sweep:a");
            LongSupplier sizeB = () -> hlen(redis, "sweep:b");
            assertEquals(1001, sizeA.getAsLong());

            time.advance(Duration.ofSeconds(11));
            assertEquals(1001, sizeA.getAsLong(), "expired, but the sweep has not come round yet");
            time.advance(Duration.ofSeconds(44));
            cache.hgetL("sweep:a", "0", () -> new Item(0), ITEM, TEN_SECONDS); // expired: reloaded, lives to 65 s

            time.advance(Duration.ofSeconds(5)); // the first sweep is due one interval after the first write
            runSweep(time, cache);
            assertEquals(4, sizeA.getAsLong(),
                "left: the fresh rewrite (value and expiry), the plain value and the other client's value");
            assertEquals(498, cache.stats().count(Counter.SWEPT_ENTRIES));
            assertEquals(498, cache.stats().byKey().get("sweep:a").count(Counter.SWEPT_ENTRIES));
            try (Jedis j = redis.primary().connect()) {
                assertEquals("{\"id\":0}", j.hget("sweep:a", "0"));
                assertTrue(j.hexists("sweep:a", Entries.EXPIRY_PREFIX + "0"));
                assertEquals("never expires", j.hget("sweep:a", "plain"));
                assertEquals("{\"id\":5,\"by\":\"another client\"}", j.hget("sweep:a", "5"), "not ours to expire");
                assertFalse(j.hexists("sweep:a", Entries.EXPIRY_PREFIX + "5"), "only the orphaned expiry went");
            }
            assertEquals(20, sizeB.getAsLong(), "inside their stale window: kept for stale-if-error");

            time.advance(Duration.ofHours(1));
            runSweep(time, cache);
            assertEquals(0, sizeB.getAsLong(), "past the stale window too: swept");
            assertEquals(2, sizeA.getAsLong(), "and the rewrite, expired by now; the plain and foreign values stay");
            assertEquals(509, cache.stats().count(Counter.SWEPT_ENTRIES));
        }
    }

    /** Moves time in the sweep's page pauses until a whole round has run (the count stops changing). */
    private static void runSweep(FakeTime time, KompressCache cache) {
        long last = -1;
        int quiet = 0;
        for (int step = 0; step < 100_000 && quiet < 50; step++) {
            time.advance(Duration.ofMillis(5));
            long now = cache.stats().count(Counter.SWEPT_ENTRIES);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    private static long hlen(RedisGroup redis, String key) {
        try (Jedis j = redis.primary().connect()) {
            return j.hlen(key);
        }
    }
}
