package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.MutableClock;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** {@code cache.stats()} and listeners, counted against real Redis processes, some of them broken on purpose. */
class StatsTest {

    record Item(String name) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);

    @Test
    void countsLookupsLoadsAndReadsPerHashKey() {
        MutableClock now = new MutableClock(1_000_000);
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = KompressCache.create(
                 TestCaches.configFor(redis, Duration.ofSeconds(2)).clock(now).build())) {
            CachePolicy ttl = CachePolicy.builder().ttl(Duration.ofSeconds(10)).build();
            cache.hgetL("items", "1", () -> new Item("a"), ITEM, ttl); // miss, load
            redis.awaitReplication();
            cache.hgetL("items", "1", () -> new Item("b"), ITEM, ttl); // hit
            cache.hgetL("items", "1", () -> new Item("b"), ITEM, ttl); // hit
            now.advance(10_000);
            cache.hgetL("items", "1", () -> new Item("c"), ITEM, ttl); // expired, load
            try (Jedis j = redis.primary().connect()) {
                j.hset("other", "1", "garbage");
            }
            redis.awaitReplication();
            cache.hgetL("other", "1", () -> null, ITEM, ttl); // invalid, null load

            CacheStats s = cache.stats();
            assertEquals(2, s.count(Counter.HITS));
            assertEquals(1, s.count(Counter.MISSES));
            assertEquals(1, s.count(Counter.EXPIRED));
            assertEquals(1, s.count(Counter.INVALID));
            assertEquals(2, s.count(Counter.LOADS));
            assertEquals(1, s.count(Counter.NULL_LOADS));
            assertEquals(0.4, s.hitRate(), 1e-9);
            assertEquals(5, s.count(Counter.REPLICA_CALLS), "every lookup read a replica");
            assertEquals(2, s.count(Counter.PRIMARY_CALLS), "two write-backs");
            CacheStats items = s.byKey().get("items");
            assertEquals(2, items.count(Counter.HITS));
            assertEquals(2, items.count(Counter.LOADS));
            assertEquals(1, s.byKey().get("other").count(Counter.INVALID));
            assertTrue(s.count(Counter.LOAD_NANOS) > 0);
            assertTrue(s.toString().contains("hits=2"), s.toString());
        }
    }

    @Test
    void countsReplicaFailoversAndErrorsByKind() throws Exception {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = TestCaches.create(redis, Duration.ofMillis(300))) {
            cache.hset("k", "f", "v");
            redis.awaitReplication();
            redis.replica(0).kill();
            assertEquals("v", cache.hget("k", "f"));
            assertEquals(1, cache.stats().count(Counter.REPLICA_FAILOVERS));
            assertEquals(1, cache.stats().byKey().get("k").count(Counter.REPLICA_FAILOVERS));

            redis.primary().pause();
            try {
                assertThrows(CacheTimeoutException.class, () -> cache.hset("k", "f", "w"));
                assertThrows(CacheUnavailableException.class, () -> cache.hset("k", "f", "w"));
            } finally {
                redis.primary().resume();
            }
            CacheStats s = cache.stats();
            assertEquals(1, s.count(Counter.TIMEOUT_ERRORS));
            assertEquals(1, s.count(Counter.UNAVAILABLE_ERRORS));
            assertEquals(0, s.count(Counter.OTHER_ERRORS));
            try (Jedis j = redis.primary().connect()) {
                j.set("string", "x");
            }
            TestCaches.eventually(() -> cache.hset("probe", "f", "v"), Duration.ofSeconds(3));
            assertThrows(KompressCacheException.class, () -> cache.hget("string", "f")); // WRONGTYPE
            assertEquals(1, cache.stats().count(Counter.OTHER_ERRORS));
            assertEquals(1, cache.stats().byKey().get("string").count(Counter.OTHER_ERRORS));
        }
    }

    @Test
    void listenersSeeEveryEventAndOneThatThrowsBreaksNothing() {
        List<String> seen = new ArrayList<>();
        CacheListener recorder = new CacheListener() {
            @Override
            public void onLookup(String key, Lookup outcome) {
                seen.add("lookup " + key + " " + outcome);
            }

            @Override
            public void onLoad(String key, Load outcome, long nanos) {
                seen.add("load " + key + " " + outcome);
            }

            @Override
            public void onRedisCall(String key, String operation, Role role, long nanos) {
                seen.add(operation + " " + role);
            }
        };
        CacheListener broken = new CacheListener() {
            @Override
            public void onLookup(String key, Lookup outcome) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            cache.addListener(broken);
            cache.addListener(recorder);
            assertEquals(new Item("a"), cache.hgetL("items", "1", () -> new Item("a"), ITEM, CachePolicy.none()));
            redis.awaitReplication();
            assertEquals(new Item("a"), cache.hgetL("items", "1", () -> new Item("b"), ITEM, CachePolicy.none()));
            assertEquals(List.of("HMGET REPLICA", "lookup items MISS", "load items LOADED", "HSET PRIMARY",
                "HMGET REPLICA", "lookup items HIT"), seen);
            assertTrue(cache.removeListener(recorder));
            cache.hgetL("items", "1", () -> new Item("b"), ITEM, CachePolicy.none());
            assertEquals(6, seen.size(), "removed listeners hear nothing");
        }
    }
}
