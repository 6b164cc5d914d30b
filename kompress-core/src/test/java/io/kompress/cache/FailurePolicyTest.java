package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What read-through does when Redis cannot serve it: fail open by default, throw when asked to. */
class FailurePolicyTest {

    record Item(String name) {
    }

    private RedisGroup redis;
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeEach
    void start() {
        redis = RedisGroup.start(1);
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    private Item load() {
        loads.incrementAndGet();
        return new Item("from-db");
    }

    @Test
    void failOpenCallsTheLoaderWhenEveryNodeIsDown() {
        try (KompressCache cache = TestCaches.create(redis, Duration.ofMillis(500))) {
            redis.replica(0).kill();
            redis.primary().kill();
            for (int i = 0; i < 3; i++) {
                assertEquals("from-db", cache.hgetL("items", "1", this::load, Item.class).name());
            }
            assertEquals(3, loads.get());
        }
    }

    @Test
    void failOpenSurvivesAPausedPrimaryAfterTheReplicaFails() {
        try (KompressCache cache = TestCaches.create(redis, Duration.ofMillis(300))) {
            redis.replica(0).pause();
            redis.primary().pause();
            assertEquals("from-db", cache.hgetL("items", "1", this::load, Item.class).name());
        }
    }

    @Test
    void failedWriteBackIsLoggedNotThrown() {
        try (KompressCache cache = TestCaches.create(redis, Duration.ofMillis(500))) {
            redis.primary().kill(); // the replica still answers the read: a miss
            assertEquals("from-db", cache.hgetL("items", "miss", this::load, Item.class).name());
            assertEquals(1, loads.get());
        }
    }

    @Test
    void throwPolicyInConfigSurfacesTheMappedError() {
        KompressConfig config = TestCaches.configFor(redis, Duration.ofMillis(500))
            .failurePolicy(FailurePolicy.THROW).build();
        try (KompressCache cache = KompressCache.create(config)) {
            redis.replica(0).kill();
            redis.primary().kill();
            CacheUnavailableException e = assertThrows(CacheUnavailableException.class,
                () -> cache.hgetL("items", "1", this::load, Item.class));
            assertEquals(503, e.statusCode());
            assertEquals(0, loads.get());
        }
    }

    @Test
    void throwPolicyPerCallOverridesTheConfig() {
        try (KompressCache cache = TestCaches.create(redis, Duration.ofMillis(300))) {
            redis.replica(0).pause();
            redis.primary().pause();
            KompressCacheException e = assertThrows(KompressCacheException.class, () -> cache.hgetL("items", "1",
                this::load, CacheModel.of(Item.class),
                    CachePolicy.builder().failurePolicy(FailurePolicy.THROW).build()));
            // 504 when this read is the first to time out on the paused primary; 503 when a background call (the
            // start-up probe) timed out first and the primary already fails fast. Either way the caller gets the
            // error instead of a load: FailuresTest pins which status each failure maps to.
            assertTrue(e instanceof CacheTimeoutException || e instanceof CacheUnavailableException, e.toString());
            assertTrue(e.getMessage().contains(redis.primary().address()), e.getMessage());
            assertEquals(0, loads.get());
        }
    }
}
