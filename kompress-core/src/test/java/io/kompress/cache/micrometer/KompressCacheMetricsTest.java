package io.kompress.cache.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Micrometer binding, fed by a cache against real Redis processes, read back from a SimpleMeterRegistry. */
class KompressCacheMetricsTest {

    record Item(String name) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);

    private static KompressCache cache(RedisGroup redis) {
        return KompressCache.create(KompressConfig.builder()
            .primary(redis.primary().host(), redis.primary().port())
            .replica(redis.replica(0).host(), redis.replica(0).port())
            .timeout(Duration.ofMillis(300))
            .probeDelays(Duration.ofMillis(50), Duration.ofMillis(200))
            .build());
    }

    @Test
    void lookupsLoadsCallsFailoversAndErrorsBecomeTaggedMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().commonTags("service", "shop"); // the registry's own tags reach every meter
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis);
             KompressCacheMetrics metrics = new KompressCacheMetrics(cache)) {
            metrics.bindTo(registry);
            cache.hgetL("items", "1", () -> new Item("a"), ITEM, CachePolicy.none());
            redis.awaitReplication();
            cache.hgetL("items", "1", () -> new Item("b"), ITEM, CachePolicy.none());
            assertThrows(IOException.class, () -> cache.hgetL("items", "2", () -> {
                throw new IOException("db down");
            }, ITEM, CachePolicy.none()));

            assertEquals(1, registry.get("kompress.cache.lookups")
                .tags("key", "items", "outcome", "hit", "service", "shop").counter().count());
            assertEquals(2, registry.get("kompress.cache.lookups").tags("key", "items", "outcome", "miss")
                .counter().count());
            assertEquals(1, registry.get("kompress.cache.loads").tags("key", "items", "outcome", "loaded")
                .timer().count());
            assertEquals(1, registry.get("kompress.cache.loads").tags("key", "items", "outcome", "failed")
                .timer().count());
            assertEquals(3, registry.get("kompress.cache.redis.calls")
                .tags("key", "items", "role", "replica", "operation", "HMGET").timer().count());
            assertEquals(1, registry.get("kompress.cache.redis.calls")
                .tags("key", "items", "role", "primary", "operation", "HSET").timer().count());

            redis.replica(0).kill();
            cache.hgetL("items", "1", () -> new Item("c"), ITEM, CachePolicy.none());
            assertEquals(1, registry.get("kompress.cache.failovers").tags("key", "items").counter().count());
            assertEquals(1, registry.get("kompress.cache.redis.calls")
                .tags("key", "items", "role", "primary", "operation", "HMGET").timer().count());

            redis.primary().kill();
            assertThrows(CacheUnavailableException.class, () -> cache.hset("items", "9", "x"));
            assertEquals(1, registry.get("kompress.cache.errors").tags("key", "items", "type", "unavailable")
                .counter().count());
        }
    }

    @Test
    void closingStopsPublishingAndABinderBindsOnce() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache0(redis)) {
            KompressCacheMetrics metrics = new KompressCacheMetrics(cache);
            metrics.bindTo(registry);
            assertThrows(IllegalStateException.class, () -> metrics.bindTo(new SimpleMeterRegistry()));
            cache.hgetL("items", "1", () -> new Item("a"), ITEM, CachePolicy.none());
            metrics.close();
            cache.hgetL("items", "1", () -> new Item("a"), ITEM, CachePolicy.none());
            assertEquals(1, registry.get("kompress.cache.lookups").tags("key", "items", "outcome", "miss")
                .counter().count());
            assertNull(registry.find("kompress.cache.lookups").tags("outcome", "hit").counter());
            assertTrue(cache.stats().count(Counter.HITS) == 1, "the cache itself still counts");
        }
    }

    private static KompressCache cache0(RedisGroup redis) {
        return KompressCache.create(KompressConfig.builder()
            .primary(redis.primary().host(), redis.primary().port()).build());
    }
}
