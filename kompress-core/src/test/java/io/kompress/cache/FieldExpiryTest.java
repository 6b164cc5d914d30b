package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.internal.engine.Entries;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.Jedis;

/**
 * Entry expiry on the real clock, on whatever server the harness runs: where the server has per-field expiry
 * (Redis 7.4+, Valkey 9) it removes the value and expiry fields itself, on the primary and then on the replica,
 * and a later read is a miss; where it has none (Redis 7.0, 6.2) the fields stay and the client's check turns
 * the same read into "expired". Either way the caller gets the reloaded value. Only lower bounds of real time
 * are relied on: a sleep makes a TTL certainly over, and waiting for the server polls without a time limit
 * that could fail on a busy machine (10 s, far beyond the 300 ms TTL).
 */
class FieldExpiryTest {

    record Item(int id, String name) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private static final CachePolicy SHORT = CachePolicy.builder().ttl(Duration.ofMillis(300)).build();
    private static final CachePolicy SHORT_STALE = CachePolicy.builder().ttl(Duration.ofMillis(300))
        .staleIfError(Duration.ofSeconds(2)).build();

    private static RedisGroup redis;
    private static KompressCache cache;
    private static boolean nativeExpiry;
    private String key;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        nativeExpiry = redis.primary().hasFieldExpiry();
        cache = TestCaches.create(redis, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        cache.close();
        redis.close();
    }

    @BeforeEach
    void key(TestInfo info) {
        key = "expiry:" + info.getDisplayName();
    }

    private static boolean exists(RedisProcess node, String key, String field) {
        try (Jedis j = node.connect()) {
            return j.hexists(key, field);
        }
    }

    private boolean bothFieldsGone(RedisProcess node) {
        return !exists(node, key, "1") && !exists(node, key, Entries.EXPIRY_PREFIX + "1");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    @Test
    void anExpiredEntryIsReloadedAndCountedByWhoNoticedTheExpiry() throws Exception {
        cache.hgetL(key, "1", () -> new Item(1, "v1"), ITEM, SHORT);
        redis.awaitReplication();
        if (nativeExpiry) {
            try (Jedis j = redis.primary().connect()) {
                List<Long> ttls = j.hpttl(key, "1", Entries.EXPIRY_PREFIX + "1");
                assertTrue(ttls.stream().allMatch(t -> t > 0 && t <= 300), "server-side TTLs " + ttls);
            }
            await(() -> bothFieldsGone(redis.primary()), "the primary removes both fields itself");
            await(() -> bothFieldsGone(redis.replica(0)), "the replica applies the removal");
        } else {
            Thread.sleep(400);
            assertTrue(exists(redis.primary(), key, "1"), "without field expiry the server keeps the field");
        }
        CacheStats before = cache.stats();
        assertEquals("v2", cache.hgetL(key, "1", () -> new Item(1, "v2"), ITEM, SHORT).name());
        CacheStats after = cache.stats();
        assertEquals(nativeExpiry ? 1 : 0, after.count(Counter.MISSES) - before.count(Counter.MISSES),
            "server removed it: a miss");
        assertEquals(nativeExpiry ? 0 : 1, after.count(Counter.EXPIRED) - before.count(Counter.EXPIRED),
            "client check: expired");
    }

    @Test
    void theServerKeepsTheEntryThroughItsStaleWindowThenDropsIt() throws Exception {
        cache.hgetL(key, "1", () -> new Item(1, "v1"), ITEM, SHORT_STALE);
        redis.awaitReplication();
        Thread.sleep(400); // past the TTL, inside the 2 s stale window
        assertEquals("v1", cache.hgetL(key, "1", () -> {
            throw new IOException("database down");
        }, ITEM, SHORT_STALE).name(), "stale-if-error still has the value");
        if (nativeExpiry) {
            await(() -> bothFieldsGone(redis.primary()), "the primary drops it after the stale window");
            await(() -> bothFieldsGone(redis.replica(0)), "and so does the replica");
            assertThrows(IOException.class, () -> cache.hgetL(key, "1", () -> {
                throw new IOException("database down");
            }, ITEM, SHORT_STALE), "nothing stale is left to serve");
        }
    }
}
